/*
 * cpython.c — the CPython lens: AST, symbol tables and bytecode of each file, exactly as
 * the embedded interpreter sees them (extract_datasets.md §5, §7, §8).
 *
 * One parse per file feeds all three parts: the decoded text is parsed once into the C AST
 * (in a CPython arena); cpython_ast.c walks it, cpython_sym.c builds the symbol table from
 * it as the `symtable` module would, and cpython_bc.c walks the code objects that
 * _PyAST_Compile makes of it — the same calls `compile(text, path, "exec")` makes, in the
 * same order, so rows match what python3 reports. The compiler's optimiser rewrites the
 * AST in place, which is why the AST and the symbol table are taken first.
 *
 * The interpreter is initialised once per process (isolated configuration, hash seed 0 so
 * that set and frozenset constants render the same in every run, warnings ignored, no
 * signal handlers: SIGINT stays pycpg's). It is never finalised: other lenses and runs in
 * the same process reuse it. The GIL is held throughout; -j runs more processes.
 *
 * Whatever the file, problems are rows: a parse failure is one py_ast_errors_v1 row and one
 * py_bc_errors_v1 row with the exception's class and message; nothing the file contains
 * makes run() fail.
 */
#include "cpython_int.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#ifndef PYCPG_PYTHON_HOME
#define PYCPG_PYTHON_HOME ""
#endif

typedef struct {
    cpy_ast *ast;
    cpy_sym *sym;
    cpy_bc *bc;
    cpy_anchors anchors;       /* reused file after file */
    const reg_dataset *instrs; /* py_bc_instructions_v1: the anchors' only reader */
} cpy_state;

static const char *const cpy_datasets[] = {
    "py_ast_nodes_v1",
    "py_ast_edges_v1",
    "py_ast_errors_v1",
    "ast_defs_v1",
    "py_sym_scopes_v1",
    "py_sym_symbols_v1",
    "py_sym_scope_edges_v1",
    "py_sym_namespace_edges_v1",
    "py_sym_function_partitions_v1",
    "py_bc_code_units_v1",
    "py_bc_instructions_v1",
    "py_bc_exception_table_v1",
    "py_bc_blocks_v1",
    "py_bc_cfg_edges_v1",
    "py_bc_errors_v1",
    "py_bc_def_use_events_v1",
    "py_bc_reaches_v1",
    NULL,
};

/* ---- helpers shared by the parts ------------------------------------------------------- */

void cpy_ds_init(cpy_ds *d, const char *name)
{
    d->ds = registry_find(name);
    d->file_id = registry_col_must(d->ds, "file_id");
    d->path = registry_col_must(d->ds, "path");
    int sha = registry_col(d->ds, "file_sha256");
    d->sha = sha < 0 ? SIZE_MAX : (size_t)sha;
}

rowbuf *cpy_row(const cpy_ds *d, const cpy_file *cf)
{
    rowbuf *b = cf->sink->rows(cf->sink->ctx, d->ds);
    if (!b)
        return NULL;
    rowbuf_add_row(b);
    rowbuf_set_i64(b, d->file_id, cf->f->file_id);
    rowbuf_set_cstr(b, d->path, cf->f->path);
    if (d->sha != SIZE_MAX)
        rowbuf_set_cstr(b, d->sha, cf->f->file_sha256);
    return b;
}

void cpy_grow(void **p, size_t *cap, size_t need, size_t elem)
{
    if (need <= *cap)
        return;
    size_t c = *cap ? *cap : 64;
    while (c < need)
        c *= 2;
    *p = core_realloc(*p, c * elem);
    *cap = c;
}

int64_t cpy_offset(const cpy_file *cf, int line, int col)
{
    if (!cf->raw_exact || line < 1 || col < 0)
        return -1;
    int64_t off = line_index_offset(&cf->lines, (size_t)line - 1, col);
    return off < 0 ? -1 : off + cf->raw_shift;
}

bool cpy_span(const cpy_file *cf, const int pos[4], int64_t *start, int64_t *end)
{
    int64_t s = cpy_offset(cf, pos[0], pos[1]), e = cpy_offset(cf, pos[2], pos[3]);
    if (s < 0 || e < 0 || e < s)
        return false;
    *start = s;
    *end = e;
    return true;
}

static int cmp_anchor(const void *pa, const void *pb)
{
    const cpy_anchor *a = pa, *b = pb;
    if (a->bstart != b->bstart)
        return a->bstart < b->bstart ? -1 : 1;
    if (a->bend != b->bend)
        return a->bend < b->bend ? -1 : 1;
    return (a->ast_idx > b->ast_idx) - (a->ast_idx < b->ast_idx);
}

void cpy_anchors_sort(cpy_anchors *t)
{
    if (t->n > 1)
        qsort(t->a, t->n, sizeof *t->a, cmp_anchor);
}

const cpy_anchor *cpy_anchor_find(const cpy_anchors *t, int64_t bstart, int64_t bend)
{
    size_t lo = 0, hi = t->n; /* the first entry past (bstart, bend): its predecessor */
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        const cpy_anchor *m = &t->a[mid];
        if (m->bstart < bstart || (m->bstart == bstart && m->bend <= bend))
            lo = mid + 1;
        else
            hi = mid;
    }
    if (lo == 0)
        return NULL;
    const cpy_anchor *c = &t->a[lo - 1];
    return c->bstart == bstart && c->bend == bend ? c : NULL;
}

const char *cpy_utf8(PyObject *o, Py_ssize_t *len)
{
    if (!o || !PyUnicode_Check(o))
        return NULL;
    const char *s = PyUnicode_AsUTF8AndSize(o, len);
    if (!s)
        PyErr_Clear(); /* lone surrogates: not representable */
    return s;
}

/* An int attribute of exc, or false when absent or not an int. */
static bool exc_int_attr(PyObject *exc, const char *name, int *out)
{
    PyObject *v = PyObject_GetAttrString(exc, name);
    bool ok = false;
    if (v && PyLong_Check(v)) {
        long x = PyLong_AsLong(v);
        ok = !(x == -1 && PyErr_Occurred()) && x >= INT32_MIN && x <= INT32_MAX;
        *out = (int)x;
    }
    Py_XDECREF(v);
    PyErr_Clear();
    return ok;
}

void cpy_error_row(const cpy_ds *d, const cpy_file *cf, bool with_pos)
{
    PyObject *type, *value, *tb;
    PyErr_Fetch(&type, &value, &tb);
    PyErr_NormalizeException(&type, &value, &tb);
    rowbuf *b = cpy_row(d, cf);
    if (b) {
        const char *tname = type ? ((PyTypeObject *)type)->tp_name : "Exception";
        const char *dot = strrchr(tname, '.');
        rowbuf_set_cstr(b, registry_col_must(d->ds, "error_type"), dot ? dot + 1 : tname);
        PyObject *s = value ? PyObject_Str(value) : NULL;
        Py_ssize_t n = 0;
        const char *msg = cpy_utf8(s, &n);
        if (msg)
            rowbuf_set_str(b, registry_col_must(d->ds, "message"), msg, (size_t)n);
        else
            rowbuf_set_cstr(b, registry_col_must(d->ds, "message"), "<unprintable exception>");
        Py_XDECREF(s);
        PyErr_Clear();
        static const char *const attrs[] = {"lineno", "offset", "end_lineno", "end_offset"};
        for (size_t i = 0; with_pos && value && i < 4; i++) {
            int v;
            if (exc_int_attr(value, attrs[i], &v))
                rowbuf_set_i32(b, registry_col_must(d->ds, attrs[i]), v);
        }
    }
    Py_XDECREF(type);
    Py_XDECREF(value);
    Py_XDECREF(tb);
}

/* ---- the interpreter ------------------------------------------------------------------- */

/* AddressSanitizer is on: gcc says so with __SANITIZE_ADDRESS__, clang (the fuzz build)
 * with __has_feature. */
#if defined(__SANITIZE_ADDRESS__)
#define PYCPG_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define PYCPG_ASAN 1
#endif
#endif

static pc_status interpreter_start(pc_err *err)
{
    if (Py_IsInitialized())
        return PC_OK;
#if defined(PYCPG_ASAN)
    /* Under AddressSanitizer every object comes from malloc, so that LeakSanitizer can
     * follow references through them (it does not scan pymalloc's mmap'ed arenas, and
     * would report everything the never-finalised interpreter holds as leaked). */
    PyPreConfig pre;
    PyPreConfig_InitIsolatedConfig(&pre);
    pre.allocator = PYMEM_ALLOCATOR_MALLOC;
    PyStatus pst = Py_PreInitialize(&pre);
    if (PyStatus_Exception(pst))
        return pc_fail(err, PC_ERR_INTERNAL, "cannot pre-initialise the embedded CPython: %s",
                       pst.err_msg ? pst.err_msg : "unknown error");
#endif
    PyConfig config;
    PyConfig_InitIsolatedConfig(&config);
    config.use_hash_seed = 1;
    config.hash_seed = 0;
    config.install_signal_handlers = 0;
    config.site_import = 0;
    config.write_bytecode = 0;
    config.user_site_directory = 0;
    PyStatus st = PyConfig_SetBytesString(&config, &config.home, PYCPG_PYTHON_HOME);
    if (!PyStatus_Exception(st))
        st = PyWideStringList_Append(&config.warnoptions, L"ignore");
    if (!PyStatus_Exception(st))
        st = Py_InitializeFromConfig(&config);
    PyConfig_Clear(&config);
    if (PyStatus_Exception(st))
        return pc_fail(err, PC_ERR_INTERNAL, "cannot start the embedded CPython (%s): %s",
                       PYCPG_PYTHON_HOME, st.err_msg ? st.err_msg : "unknown error");
    return PC_OK;
}

static pc_status cpy_open(void **state, pc_err *err)
{
    pc_status rc = interpreter_start(err);
    if (rc != PC_OK)
        return rc;
    cpy_state *s = core_calloc(1, sizeof *s);
    s->ast = cpy_ast_new();
    s->sym = cpy_sym_new();
    s->instrs = registry_find("py_bc_instructions_v1");
    rc = cpy_bc_new(&s->bc, err);
    if (rc != PC_OK) {
        cpy_ast_free(s->ast);
        cpy_sym_free(s->sym);
        core_free(s);
        return rc;
    }
    *state = s;
    return PC_OK;
}

static void cpy_close(void *state)
{
    cpy_state *s = state;
    if (!s)
        return;
    cpy_ast_free(s->ast);
    cpy_sym_free(s->sym);
    cpy_bc_free(s->bc);
    core_free(s->anchors.a);
    core_free(s);
}

/* Text offsets equal raw offsets (after a UTF-8 BOM) when decoding changed nothing. */
static void span_mapping(cpy_file *cf)
{
    const lens_file *f = cf->f;
    size_t bom = f->len >= 3 && memcmp(f->bytes, "\xEF\xBB\xBF", 3) == 0 ? 3 : 0;
    cf->raw_exact =
        f->text_len + bom == f->len && memcmp(f->text, f->bytes + bom, f->text_len) == 0;
    cf->raw_shift = (int64_t)bom;
}

/* The parse failed (or could not be attempted): the same exception is both the AST's and
 * the bytecode's error row. */
static void parse_failed(cpy_state *s, const cpy_file *cf)
{
    PyObject *type, *value, *tb;
    PyErr_Fetch(&type, &value, &tb);
    Py_XINCREF(type);
    Py_XINCREF(value);
    Py_XINCREF(tb);
    PyErr_Restore(type, value, tb);
    cpy_error_row(cpy_ast_errors(s->ast), cf, true);
    PyErr_Restore(type, value, tb);
    cpy_error_row(cpy_bc_errors(s->bc), cf, false);
}

static pc_status cpy_run(void *state, const lens_file *f, const lens_sink *sink, pc_err *err)
{
    (void)err;
    cpy_state *s = state;
    s->anchors.n = 0;
    /* the AST's spans are collected only for a run that writes the instructions' anchors */
    cpy_file cf = {
        .f = f, .sink = sink, .anchors = sink->rows(sink->ctx, s->instrs) ? &s->anchors : NULL};
    cf.filename = PyUnicode_DecodeUTF8(f->path, (Py_ssize_t)strlen(f->path), "replace");
    if (!cf.filename) {
        PyErr_Clear();
        return PC_OK;
    }
    line_index_build(&cf.lines, f->text, f->text_len);
    span_mapping(&cf);
    if (memchr(f->text, 0, f->text_len)) {
        /* What compile() says of a str with NUL; the C parser would stop at the NUL. */
        PyErr_SetString(PyExc_ValueError, "source code string cannot contain null bytes");
        parse_failed(s, &cf);
    } else {
        PyCompilerFlags flags = _PyCompilerFlags_INIT;
        flags.cf_flags = PyCF_SOURCE_IS_UTF8 | PyCF_IGNORE_COOKIE;
        PyArena *pyarena = _PyArena_New();
        mod_ty mod =
            pyarena ? _PyParser_ASTFromString(f->text, cf.filename, Py_file_input, &flags, pyarena)
                    : NULL;
        if (!mod) {
            parse_failed(s, &cf);
        } else {
            cpy_ast_emit(s->ast, &cf, mod);
            if (cf.anchors)
                cpy_anchors_sort(cf.anchors);
            cpy_sym_emit(s->sym, &cf, mod, &flags);
            PyCodeObject *co = _PyAST_Compile(mod, cf.filename, &flags, 0, pyarena);
            if (co) {
                cpy_bc_emit(s->bc, &cf, co);
                Py_DECREF(co);
            } else {
                cpy_error_row(cpy_bc_errors(s->bc), &cf, false);
            }
        }
        if (pyarena)
            _PyArena_Free(pyarena);
    }
    PyErr_Clear();
    line_index_free(&cf.lines);
    Py_DECREF(cf.filename);
    return PC_OK;
}

const lens_def lens_cpython = {
    .name = "cpython",
    .version = "1 (CPython " PY_VERSION ")",
    .datasets = cpy_datasets,
    .open = cpy_open,
    .run = cpy_run,
    .close = cpy_close,
};
