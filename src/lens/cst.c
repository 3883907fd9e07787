/*
 * cst.c — the CST lens: py_cst_* datasets (extract_datasets.md §6, plus docstrings and
 * decorators) from the shared tree-sitter tree, with CPython's expression contexts and
 * scope-aware qualified names. cst_walk.c records the facts, cst_scope.c resolves names;
 * this file is the lens entry and turns the facts into rows.
 *
 * Ids (§2.3; docs/decisions.md "CST lens"), "file:<file_id>" being the file's reference:
 *   name_ref_id   file-local: id_local(file's prefix, ID_LOCAL_NAME_REF, the name's index in
 *                 the file); past ID_LOCAL_ORDINAL_LIMIT id("cst_name_ref", file, bstart, bend)
 *   import_id     id("cst_import", file, kind, alias_bstart, alias_bend)
 *   call_id       id("cst_call", file, call_bstart, call_bend)
 *   def_id        id("cst_def", file, kind, def_bstart, def_bend)   (container/owner alike)
 *   type_expr_id  id("cst_type_expr", path, bstart, bend)
 *   docstring_id  id("cst_docstring", file, bstart, bend)
 *   decorator_id  id("cst_decorator", file, bstart, bend)
 *   span_id       id("span", file, start, end) — equal to the tree-sitter span_id of a node
 *                 with the same bytes.
 * Spans are raw file byte offsets, like the tree-sitter lens (not LibCST's re-encoded text).
 * Rows of each dataset come in source (pre-order) order.
 *
 * Divisions: 1. columns  2. lens state  3. row helpers  4. datasets  5. run.
 */
#include "cst_int.h"

#include <assert.h>
#include <inttypes.h>
#include <stddef.h>
#include <string.h>

/* ---- 1. columns ------------------------------------------------------------------------------ */

#define MAX_COLS 24
typedef struct {
    const reg_dataset *ds;
    size_t c[MAX_COLS];
} dcols;

/* Column lists: the file identity first, then the order of the enums below. */
#define IDENT_COLS "file_id", "path", "file_sha256"
enum { C_FILE_ID, C_PATH, C_SHA, C_FIRST };

static const char *const manifest_cols[] = {
    IDENT_COLS,         "encoding",    "default_indent", "default_newline", "has_trailing_newline",
    "future_imports",   "module_name", "package_name",   "line_count",      "has_syntax_errors",
    "module_docstring", NULL};
enum {
    M_ENC = C_FIRST,
    M_INDENT,
    M_NEWLINE,
    M_TRAILING,
    M_FUTURE,
    M_MODULE,
    M_PACKAGE,
    M_LINES,
    M_HAS_ERR,
    M_DOC
};

static const char *const perr_cols[] = {
    IDENT_COLS, "error_type", "message", "raw_line", "raw_column", "meta", "bstart", "bend", NULL};
enum { PE_TYPE = C_FIRST, PE_MSG, PE_LINE, PE_COL, PE_META, PE_BSTART, PE_BEND };

static const char *const name_cols[] = {IDENT_COLS, "name_ref_id", "span_id", "name",
                                        "expr_ctx", "bstart",      "bend",    NULL};
enum { N_ID = C_FIRST, N_SPAN, N_NAME, N_CTX, N_BSTART, N_BEND };

static const char *const import_cols[] = {
    IDENT_COLS,       "import_id", "span_id",      "kind",       "module",
    "relative_level", "name",      "asname",       "is_star",    "resolved_name",
    "stmt_bstart",    "stmt_bend", "alias_bstart", "alias_bend", NULL};
enum {
    I_ID = C_FIRST,
    I_SPAN,
    I_KIND,
    I_MODULE,
    I_LEVEL,
    I_NAME,
    I_ASNAME,
    I_STAR,
    I_RESOLVED,
    I_SBS,
    I_SBE,
    I_ABS,
    I_ABE
};

static const char *const call_cols[] = {
    IDENT_COLS,    "call_bstart",       "call_bend",        "call_id",
    "span_id",     "callee_bstart",     "callee_bend",      "callee_shape",
    "callee_text", "arg_count",         "positional_count", "keyword_count",
    "star_count",  "double_star_count", "callee_dotted",    "callee_qnames",
    NULL};
enum {
    CA_BS = C_FIRST,
    CA_BE,
    CA_ID,
    CA_SPAN,
    CA_CBS,
    CA_CBE,
    CA_SHAPE,
    CA_TEXT,
    CA_ARGS,
    CA_POS,
    CA_KW,
    CA_STAR,
    CA_DSTAR,
    CA_DOTTED,
    CA_QN
};

static const char *const def_cols[] = {IDENT_COLS,    "def_id",    "container_def_id", "span_id",
                                       "kind",        "name",      "def_bstart",       "def_bend",
                                       "name_bstart", "name_bend", "qnames",           "qualname",
                                       "decorators",  NULL};
enum {
    D_ID = C_FIRST,
    D_CONTAINER,
    D_SPAN,
    D_KIND,
    D_NAME,
    D_BS,
    D_BE,
    D_NBS,
    D_NBE,
    D_QN,
    D_QUALNAME,
    D_DECOS
};

static const char *const type_cols[] = {IDENT_COLS,   "type_expr_id", "owner_def_id", "span_id",
                                        "param_name", "expr_kind",    "expr_role",    "bstart",
                                        "bend",       "expr_text",    "target_text",  NULL};
enum { T_ID = C_FIRST, T_OWNER, T_SPAN, T_PARAM, T_KIND, T_ROLE, T_BS, T_BE, T_TEXT, T_TARGET };

static const char *const doc_cols[] = {
    IDENT_COLS, "docstring_id", "owner_def_id", "span_id", "owner_kind", "owner_qualname",
    "bstart",   "bend",         "literal",      "value",   NULL};
enum { DS_ID = C_FIRST, DS_OWNER, DS_SPAN, DS_KIND, DS_QUALNAME, DS_BS, DS_BE, DS_LIT, DS_VALUE };

static const char *const deco_cols[] = {IDENT_COLS, "decorator_id",   "def_id",          "span_id",
                                        "def_kind", "def_name",       "decorator_index", "bstart",
                                        "bend",     "decorator_text", "dotted_name",     "qnames",
                                        NULL};
enum {
    DE_ID = C_FIRST,
    DE_DEF,
    DE_SPAN,
    DE_KIND,
    DE_NAME,
    DE_INDEX,
    DE_BS,
    DE_BE,
    DE_TEXT,
    DE_DOTTED,
    DE_QN
};

static void cols_init(dcols *d, const char *dataset, const char *const *names)
{
    d->ds = registry_find(dataset);
    for (size_t i = 0; names[i]; i++)
        d->c[i] = registry_col_must(d->ds, names[i]);
}

/* ---- 2. lens state -----------------------------------------------------------------------------
 */

typedef struct {
    dcols manifest, perr, names, imports, calls, defs, types, docs, decos;
    cst_grammar g;
    cst_file cf;
    arena *a;
} cst_state;

static pc_status cst_open(void **state, pc_err *err)
{
    (void)err;
    cst_state *s = core_calloc(1, sizeof *s);
    cols_init(&s->manifest, "py_cst_parse_manifest_v1", manifest_cols);
    cols_init(&s->perr, "py_cst_parse_errors_v1", perr_cols);
    cols_init(&s->names, "py_cst_name_refs_v1", name_cols);
    cols_init(&s->imports, "py_cst_imports_v1", import_cols);
    cols_init(&s->calls, "py_cst_callsites_v1", call_cols);
    cols_init(&s->defs, "py_cst_defs_v1", def_cols);
    cols_init(&s->types, "py_cst_type_exprs_v1", type_cols);
    cols_init(&s->docs, "py_cst_docstrings_v1", doc_cols);
    cols_init(&s->decos, "py_cst_decorators_v1", deco_cols);
    cst_grammar_init(&s->g);
    s->a = arena_new(1 << 16);
    *state = s;
    return PC_OK;
}

static void cst_close(void *state)
{
    cst_state *s = state;
    if (!s)
        return;
    cst_file_free(&s->cf);
    cst_grammar_fini(&s->g);
    arena_free(s->a);
    core_free(s);
}

void cst_file_reset(cst_file *cf, const lens_file *f, const cst_grammar *g, arena *a)
{
    cf->f = f;
    cf->src = (const char *)f->bytes;
    cf->a = a;
    cf->g = g;
    cf->names.n = cf->scopes.n = cf->binds.n = cf->defs.n = cf->calls.n = 0;
    cf->imports.n = cf->types.n = cf->decos.n = cf->docs.n = cf->errors.n = 0;
    cf->cands.n = cf->futures.n = 0;
    cf->default_indent = NULL;
    cst_module_of_path(a, f->path, &cf->module_name, &cf->package_name);
}

void cst_file_free(cst_file *cf)
{
    core_free(cf->names.v);
    core_free(cf->scopes.v);
    core_free(cf->binds.v);
    core_free(cf->defs.v);
    core_free(cf->calls.v);
    core_free(cf->imports.v);
    core_free(cf->types.v);
    core_free(cf->decos.v);
    core_free(cf->docs.v);
    core_free(cf->errors.v);
    core_free(cf->cands.v);
    core_free(cf->futures.v);
    core_free(cf->bucket);
    memset(cf, 0, sizeof *cf);
}

/* ---- 3. row helpers
 * ------------------------------------------------------------------------------ */

/* ---- batched ids: the hot ids (names, calls) hashed many at a time (id_hash_many) ---- */

#define ID_MSG   128 /* a file-referencing id's message always fits: asserted in batch_add */
#define ID_CHUNK 64  /* messages hashed per id_hash_many call */

/* The message bytes of an id up to its span: "prefix␟file:<file_id>" — what bases_init
 * absorbs into the id_builder of the same prefix. */
typedef struct {
    char b[64];
    size_t n;
} id_prefix;

typedef struct {
    uint8_t msg[ID_CHUNK][ID_MSG];
    const uint8_t *ptr[ID_CHUNK];
    size_t len[ID_CHUNK];
    size_t n;
} id_batch;

static void prefix_init(id_prefix *p, const char *prefix, int64_t file_id)
{
    int n = snprintf(p->b, sizeof p->b,
                     "%s\x1F"
                     "file:%" PRId64,
                     prefix, file_id);
    assert(n > 0 && (size_t)n < sizeof p->b);
    p->n = (size_t)n;
}

/* Appends ␟ and the decimal text of v at w; returns the end. */
static uint8_t *put_i64(uint8_t *w, int64_t v)
{
    char tmp[24], *p = tmp + sizeof tmp;
    uint64_t u = v < 0 ? (uint64_t)0 - (uint64_t)v : (uint64_t)v;
    do {
        *--p = (char)('0' + u % 10);
        u /= 10;
    } while (u);
    if (v < 0)
        *--p = '-';
    *w++ = 0x1F;
    size_t n = (size_t)(tmp + sizeof tmp - p);
    memcpy(w, p, n);
    return w + n;
}

/* Queues the message of id_span(prefix, NULL, sp): prefix ␟ start ␟ end. */
static void batch_add(id_batch *b, const id_prefix *p, cst_span sp)
{
    assert(b->n < ID_CHUNK && p->n + 2 * 21 <= ID_MSG);
    uint8_t *w = b->msg[b->n];
    memcpy(w, p->b, p->n);
    uint8_t *e = put_i64(put_i64(w + p->n, sp.start), sp.end);
    b->ptr[b->n] = w;
    b->len[b->n++] = (size_t)(e - w);
}

/* Hashes the queued messages into out[0..n) and empties the batch. */
static void batch_run(id_batch *b, int64_t *out)
{
    id_hash_many(b->n, b->ptr, b->len, out);
    b->n = 0;
}

/* Hash states with the constant prefix of each id already absorbed. */
typedef struct {
    id_builder name_ref, span, import, call, def, type_expr, docstring, decorator;
    id_prefix p_name_ref, p_span, p_call; /* the same prefixes as bytes, for id batches */
} id_bases;

static void bases_init(id_bases *b, const lens_file *f)
{
    static const struct {
        size_t off;
        const char *prefix;
    } file_ids[] = {
        {offsetof(id_bases, name_ref), "cst_name_ref"},
        {offsetof(id_bases, span), "span"},
        {offsetof(id_bases, import), "cst_import"},
        {offsetof(id_bases, call), "cst_call"},
        {offsetof(id_bases, def), "cst_def"},
        {offsetof(id_bases, docstring), "cst_docstring"},
        {offsetof(id_bases, decorator), "cst_decorator"},
    };
    for (size_t i = 0; i < sizeof file_ids / sizeof file_ids[0]; i++) {
        id_builder *ib = (id_builder *)((char *)b + file_ids[i].off);
        id_begin(ib, file_ids[i].prefix);
        id_add_ref(ib, "file", f->file_id);
    }
    prefix_init(&b->p_name_ref, "cst_name_ref", f->file_id);
    prefix_init(&b->p_span, "span", f->file_id);
    prefix_init(&b->p_call, "cst_call", f->file_id);
    id_begin(&b->type_expr, "cst_type_expr");
    id_add_cstr(&b->type_expr, f->path);
}

static int64_t id_span(const id_builder *base, const char *kind, cst_span sp)
{
    id_builder b = *base;
    if (kind)
        id_add_cstr(&b, kind);
    id_add_i64(&b, sp.start);
    id_add_i64(&b, sp.end);
    return id_finish(&b);
}

static const char *const def_kind_names[] = {"function", "async_function", "class", "lambda"};

static int64_t def_id(const id_bases *ib, const cst_file *cf, int32_t d)
{
    return id_span(&ib->def, def_kind_names[cf->defs.v[d].kind], cf->defs.v[d].span);
}

static rowbuf *begin(const lens_sink *sink, const dcols *d)
{
    rowbuf *b = sink->rows(sink->ctx, d->ds);
    return b;
}

static void row_start(rowbuf *b, const dcols *d, const lens_file *f)
{
    rowbuf_add_row(b);
    rowbuf_set_i64(b, d->c[C_FILE_ID], f->file_id);
    rowbuf_set_cstr(b, d->c[C_PATH], f->path);
    rowbuf_set_cstr(b, d->c[C_SHA], f->file_sha256);
}

/* callee_text is NULL for callees longer than this: in a chain of calls (f()()()…) every
 * callee contains the previous one, so copying each would be quadratic in the chain. */
#define CALLEE_TEXT_MAX 4096

static void set_span_text(rowbuf *b, size_t col, const cst_file *cf, cst_span sp)
{
    if (sp.start >= 0 && sp.end >= sp.start)
        rowbuf_set_str(b, col, cf->src + sp.start, (size_t)(sp.end - sp.start));
}

static void set_qnames(rowbuf *b, size_t col, const cst_file *cf, int32_t first, int32_t count)
{
    rowbuf_list_begin(b, col);
    for (int32_t i = first; i < first + count; i++) {
        const char *t[2] = {cf->cands.v[i].name, cf->cands.v[i].source};
        rowbuf_list_push_tuple(b, col, t);
    }
}

static const char *absolute_qualname(cst_file *cf, const char *q)
{
    if (!q || !*cf->module_name)
        return q;
    size_t lm = strlen(cf->module_name), lq = strlen(q);
    char *s = arena_alloc(cf->a, lm + lq + 2);
    memcpy(s, cf->module_name, lm);
    s[lm] = '.';
    memcpy(s + lm + 1, q, lq + 1);
    return s;
}

/* ---- 4. datasets -------------------------------------------------------------------------------
 */

/* The value of a (possibly concatenated) plain string literal: prefixes and quotes dropped,
 * escapes of non-raw pieces decoded (\N{...} kept as written), newlines normalised to \n. */
static void string_value(sbuf *out, const char *s, size_t n)
{
    size_t i = 0;
    while (i < n) {
        bool raw = false;
        while (i < n && s[i] != '\'' && s[i] != '"') {
            if (s[i] == 'r' || s[i] == 'R')
                raw = true;
            if (s[i] == '#')
                while (i < n && s[i] != '\n' && s[i] != '\r')
                    i++;
            else
                i++;
        }
        if (i >= n)
            return;
        char q = s[i];
        size_t ql = i + 2 < n && s[i + 1] == q && s[i + 2] == q ? 3 : 1;
        i += ql;
        while (i < n) {
            if (s[i] == q && (ql == 1 || (i + 2 < n && s[i + 1] == q && s[i + 2] == q))) {
                i += ql;
                break;
            }
            if (s[i] == '\r') {
                sbuf_putc(out, '\n');
                i += i + 1 < n && s[i + 1] == '\n' ? 2 : 1;
            } else if (s[i] == '\\' && i + 1 < n) {
                if (raw) {
                    sbuf_append(out, s + i, 2);
                    i += 2;
                    continue;
                }
                char e = s[++i];
                static const char from[] = "\\'\"abfnrtv", to[] = "\\'\"\a\b\f\n\r\t\v";
                const char *k = strchr(from, e);
                if (e && k) {
                    sbuf_putc(out, to[k - from]);
                    i++;
                } else if (e == '\n' || e == '\r') {
                    i += e == '\r' && i + 1 < n && s[i + 1] == '\n' ? 2 : 1;
                } else if (e >= '0' && e <= '7') {
                    unsigned v = 0;
                    for (int d = 0; d < 3 && i < n && s[i] >= '0' && s[i] <= '7'; d++)
                        v = v * 8 + (unsigned)(s[i++] - '0');
                    sbuf_putc(out, (char)(v & 0x7f)); /* docstrings: ASCII octal only */
                } else {
                    sbuf_putc(out, '\\');
                }
            } else {
                sbuf_putc(out, s[i++]);
            }
        }
    }
}

static void rows_names(rowbuf *b, const dcols *d, cst_file *cf, const id_bases *ib)
{
    static const char *const ctx_names[] = {NULL, "ExpressionContext.LOAD",
                                            "ExpressionContext.STORE", "ExpressionContext.DEL"};
    id_batch bt;
    bt.n = 0;
    int64_t ids[ID_CHUNK];
    for (size_t i = 0; i < cf->names.n; i++) {
        const cst_name *nm = &cf->names.v[i];
        size_t k = i % (ID_CHUNK / 2); /* ids[2k], ids[2k+1]: name_ref_id, span_id of name i */
        if (k == 0) {
            for (size_t j = i; j < cf->names.n && j < i + ID_CHUNK / 2; j++) {
                batch_add(&bt, &ib->p_name_ref, cf->names.v[j].span);
                batch_add(&bt, &ib->p_span, cf->names.v[j].span);
            }
            batch_run(&bt, ids);
        }
        row_start(b, d, cf->f);
        /* file-local (docs/ids.md): name i of the file; the hashed id past the limit */
        int64_t local = id_local(cf->f->id_prefix, ID_LOCAL_NAME_REF, (int64_t)i);
        rowbuf_set_i64(b, d->c[N_ID], local >= 0 ? local : ids[2 * k]);
        rowbuf_set_i64(b, d->c[N_SPAN], ids[2 * k + 1]);
        set_span_text(b, d->c[N_NAME], cf, nm->span);
        rowbuf_set_cstr(b, d->c[N_CTX], ctx_names[nm->ctx]);
        rowbuf_set_i64(b, d->c[N_BSTART], nm->span.start);
        rowbuf_set_i64(b, d->c[N_BEND], nm->span.end);
    }
}

static void rows_imports(rowbuf *b, const dcols *d, cst_file *cf, const id_bases *ib)
{
    for (size_t i = 0; i < cf->imports.n; i++) {
        const cst_import *im = &cf->imports.v[i];
        const char *kind = im->from ? "importfrom" : "import";
        row_start(b, d, cf->f);
        rowbuf_set_i64(b, d->c[I_ID], id_span(&ib->import, kind, im->alias));
        rowbuf_set_i64(b, d->c[I_SPAN], id_span(&ib->span, NULL, im->alias));
        rowbuf_set_cstr(b, d->c[I_KIND], kind);
        rowbuf_set_cstr(b, d->c[I_MODULE], im->module);
        rowbuf_set_i32(b, d->c[I_LEVEL], im->level);
        rowbuf_set_cstr(b, d->c[I_NAME], im->name);
        rowbuf_set_cstr(b, d->c[I_ASNAME], im->asname);
        rowbuf_set_bool(b, d->c[I_STAR], strcmp(im->name, "*") == 0);
        rowbuf_set_cstr(b, d->c[I_RESOLVED], im->resolved);
        rowbuf_set_i64(b, d->c[I_SBS], im->stmt.start);
        rowbuf_set_i64(b, d->c[I_SBE], im->stmt.end);
        rowbuf_set_i64(b, d->c[I_ABS], im->alias.start);
        rowbuf_set_i64(b, d->c[I_ABE], im->alias.end);
    }
}

static void rows_calls(rowbuf *b, const dcols *d, cst_file *cf, const id_bases *ib)
{
    static const char *const shapes[] = {"NAME", "ATTRIBUTE", "SUBSCRIPT", "CALL", "OTHER"};
    id_batch bt;
    bt.n = 0;
    int64_t ids[ID_CHUNK];
    for (size_t i = 0; i < cf->calls.n; i++) {
        const cst_call *c = &cf->calls.v[i];
        size_t k = i % (ID_CHUNK / 2); /* ids[2k], ids[2k+1]: call_id, span_id of call i */
        if (k == 0) {
            for (size_t j = i; j < cf->calls.n && j < i + ID_CHUNK / 2; j++) {
                batch_add(&bt, &ib->p_call, cf->calls.v[j].span);
                batch_add(&bt, &ib->p_span, cf->calls.v[j].span);
            }
            batch_run(&bt, ids);
        }
        row_start(b, d, cf->f);
        rowbuf_set_i64(b, d->c[CA_BS], c->span.start);
        rowbuf_set_i64(b, d->c[CA_BE], c->span.end);
        rowbuf_set_i64(b, d->c[CA_ID], ids[2 * k]);
        rowbuf_set_i64(b, d->c[CA_SPAN], ids[2 * k + 1]);
        if (c->callee.start >= 0) {
            rowbuf_set_i64(b, d->c[CA_CBS], c->callee.start);
            rowbuf_set_i64(b, d->c[CA_CBE], c->callee.end);
        }
        rowbuf_set_cstr(b, d->c[CA_SHAPE], shapes[c->shape]);
        if (c->callee.end - c->callee.start <= CALLEE_TEXT_MAX)
            set_span_text(b, d->c[CA_TEXT], cf, c->callee);
        rowbuf_set_i32(b, d->c[CA_ARGS], c->npos + c->nkw + c->nstar + c->ndstar);
        rowbuf_set_i32(b, d->c[CA_POS], c->npos);
        rowbuf_set_i32(b, d->c[CA_KW], c->nkw);
        rowbuf_set_i32(b, d->c[CA_STAR], c->nstar);
        rowbuf_set_i32(b, d->c[CA_DSTAR], c->ndstar);
        rowbuf_set_cstr(b, d->c[CA_DOTTED], c->dotted);
        set_qnames(b, d->c[CA_QN], cf, c->cand_first, c->cand_count);
    }
}

static void rows_defs(rowbuf *b, const dcols *d, cst_file *cf, const id_bases *ib)
{
    for (size_t i = 0; i < cf->defs.n; i++) {
        const cst_def *df = &cf->defs.v[i];
        row_start(b, d, cf->f);
        rowbuf_set_i64(b, d->c[D_ID], def_id(ib, cf, (int32_t)i));
        if (df->container >= 0)
            rowbuf_set_i64(b, d->c[D_CONTAINER], def_id(ib, cf, df->container));
        rowbuf_set_i64(b, d->c[D_SPAN], id_span(&ib->span, NULL, df->span));
        rowbuf_set_cstr(b, d->c[D_KIND], def_kind_names[df->kind]);
        if (df->kind == DK_LAMBDA)
            rowbuf_set_cstr(b, d->c[D_NAME], "<lambda>");
        else
            set_span_text(b, d->c[D_NAME], cf, df->name);
        rowbuf_set_i64(b, d->c[D_BS], df->span.start);
        rowbuf_set_i64(b, d->c[D_BE], df->span.end);
        if (df->name.start >= 0) {
            rowbuf_set_i64(b, d->c[D_NBS], df->name.start);
            rowbuf_set_i64(b, d->c[D_NBE], df->name.end);
        }
        const char *q = cf->scopes.v[df->body].qualname;
        const char *t[2] = {absolute_qualname(cf, q), "QualifiedNameSource.LOCAL"};
        rowbuf_list_begin(b, d->c[D_QN]);
        if (q)
            rowbuf_list_push_tuple(b, d->c[D_QN], t);
        rowbuf_set_cstr(b, d->c[D_QUALNAME], q);
        rowbuf_list_begin(b, d->c[D_DECOS]);
        for (int32_t k = df->deco_first; k < df->deco_first + df->deco_count; k++) {
            const cst_decorator *de = &cf->decos.v[k];
            if (de->dotted)
                rowbuf_list_push_str(b, d->c[D_DECOS], de->dotted, strlen(de->dotted));
            else
                rowbuf_list_push_str(b, d->c[D_DECOS], cf->src + de->span.start,
                                     (size_t)(de->span.end - de->span.start));
        }
    }
}

static void rows_types(rowbuf *b, const dcols *d, cst_file *cf, const id_bases *ib)
{
    static const char *const roles[] = {"return", "param", "variable"};
    for (size_t i = 0; i < cf->types.n; i++) {
        const cst_type_expr *t = &cf->types.v[i];
        row_start(b, d, cf->f);
        rowbuf_set_i64(b, d->c[T_ID], id_span(&ib->type_expr, NULL, t->span));
        if (t->owner >= 0)
            rowbuf_set_i64(b, d->c[T_OWNER], def_id(ib, cf, t->owner));
        rowbuf_set_i64(b, d->c[T_SPAN], id_span(&ib->span, NULL, t->span));
        set_span_text(b, d->c[T_PARAM], cf, t->param);
        rowbuf_set_cstr(b, d->c[T_KIND], "annotation");
        rowbuf_set_cstr(b, d->c[T_ROLE], roles[t->role]);
        rowbuf_set_i64(b, d->c[T_BS], t->span.start);
        rowbuf_set_i64(b, d->c[T_BE], t->span.end);
        set_span_text(b, d->c[T_TEXT], cf, t->span);
        set_span_text(b, d->c[T_TARGET], cf, t->target);
    }
}

static void rows_docs(rowbuf *b, const dcols *d, cst_file *cf, const id_bases *ib)
{
    sbuf v = SBUF_INIT;
    for (size_t i = 0; i < cf->docs.n; i++) {
        const cst_docstring *ds = &cf->docs.v[i];
        row_start(b, d, cf->f);
        rowbuf_set_i64(b, d->c[DS_ID], id_span(&ib->docstring, NULL, ds->span));
        rowbuf_set_i64(b, d->c[DS_SPAN], id_span(&ib->span, NULL, ds->span));
        if (ds->owner >= 0) {
            const cst_def *df = &cf->defs.v[ds->owner];
            rowbuf_set_i64(b, d->c[DS_OWNER], def_id(ib, cf, ds->owner));
            rowbuf_set_cstr(b, d->c[DS_KIND], def_kind_names[df->kind]);
            rowbuf_set_cstr(b, d->c[DS_QUALNAME], cf->scopes.v[df->body].qualname);
        } else {
            rowbuf_set_cstr(b, d->c[DS_KIND], "module");
        }
        rowbuf_set_i64(b, d->c[DS_BS], ds->span.start);
        rowbuf_set_i64(b, d->c[DS_BE], ds->span.end);
        set_span_text(b, d->c[DS_LIT], cf, ds->span);
        sbuf_reset(&v);
        string_value(&v, cf->src + ds->span.start, (size_t)(ds->span.end - ds->span.start));
        rowbuf_set_str(b, d->c[DS_VALUE], v.data ? v.data : "", v.len);
    }
    sbuf_free(&v);
}

static void rows_decos(rowbuf *b, const dcols *d, cst_file *cf, const id_bases *ib)
{
    for (size_t i = 0; i < cf->decos.n; i++) {
        const cst_decorator *de = &cf->decos.v[i];
        row_start(b, d, cf->f);
        rowbuf_set_i64(b, d->c[DE_ID], id_span(&ib->decorator, NULL, de->span));
        rowbuf_set_i64(b, d->c[DE_SPAN], id_span(&ib->span, NULL, de->span));
        if (de->def >= 0) {
            const cst_def *df = &cf->defs.v[de->def];
            rowbuf_set_i64(b, d->c[DE_DEF], def_id(ib, cf, de->def));
            rowbuf_set_cstr(b, d->c[DE_KIND], def_kind_names[df->kind]);
            set_span_text(b, d->c[DE_NAME], cf, df->name);
        }
        rowbuf_set_i32(b, d->c[DE_INDEX], de->index);
        rowbuf_set_i64(b, d->c[DE_BS], de->span.start);
        rowbuf_set_i64(b, d->c[DE_BE], de->span.end);
        set_span_text(b, d->c[DE_TEXT], cf, de->span);
        rowbuf_set_cstr(b, d->c[DE_DOTTED], de->dotted);
        set_qnames(b, d->c[DE_QN], cf, de->cand_first, de->cand_count);
    }
}

/* raw_column: characters (UTF-8 code points) from the line start to the offset. */
static int32_t char_column(const cst_file *cf, int64_t line_start, int64_t off)
{
    int32_t col = 0;
    for (int64_t i = line_start; i < off; i++)
        col += ((unsigned char)cf->src[i] & 0xC0) != 0x80;
    return col;
}

static void rows_errors(rowbuf *b, const dcols *d, cst_file *cf)
{
    line_index li;
    line_index_build(&li, cf->src, cf->f->len);
    sbuf msg = SBUF_INIT;
    for (size_t i = 0; i < cf->errors.n; i++) {
        const cst_perror *e = &cf->errors.v[i];
        size_t line = line_index_line_of(&li, e->span.start);
        int32_t col = char_column(cf, li.starts[line], e->span.start);
        sbuf_reset(&msg);
        if (e->missing) {
            sbuf_printf(&msg, "syntax error: missing %s", e->type);
        } else {
            int64_t end = e->span.start;
            while (end < e->span.end && end - e->span.start < 40 && cf->src[end] != '\n' &&
                   cf->src[end] != '\r')
                end++;
            sbuf_puts(&msg, "syntax error: unexpected ");
            sbuf_append(&msg, cf->src + e->span.start, (size_t)(end - e->span.start));
        }
        row_start(b, d, cf->f);
        rowbuf_set_cstr(b, d->c[PE_TYPE], e->missing ? "MISSING" : "ERROR");
        rowbuf_set_str(b, d->c[PE_MSG], msg.data, msg.len);
        rowbuf_set_i32(b, d->c[PE_LINE], (int32_t)line + 1);
        rowbuf_set_i32(b, d->c[PE_COL], col);
        char lbuf[24], cbuf[24];
        snprintf(lbuf, sizeof lbuf, "%zu", line + 1);
        snprintf(cbuf, sizeof cbuf, "%d", (int)col);
        const char *kv1[2] = {"raw_line", lbuf}, *kv2[2] = {"raw_column", cbuf};
        rowbuf_list_begin(b, d->c[PE_META]);
        rowbuf_list_push_tuple(b, d->c[PE_META], kv1);
        rowbuf_list_push_tuple(b, d->c[PE_META], kv2);
        rowbuf_set_i64(b, d->c[PE_BSTART], e->span.start);
        rowbuf_set_i64(b, d->c[PE_BEND], e->span.end);
    }
    sbuf_free(&msg);
    line_index_free(&li);
}

static void row_manifest(rowbuf *b, const dcols *d, cst_file *cf)
{
    const char *src = cf->src;
    size_t n = cf->f->len, lines = 0;
    const char *nl = NULL;
    for (size_t i = 0; i < n; i++) {
        if (src[i] == '\n' || src[i] == '\r') {
            if (!nl)
                nl = src[i] == '\n' ? "\n" : (i + 1 < n && src[i + 1] == '\n') ? "\r\n" : "\r";
            if (src[i] == '\r' && i + 1 < n && src[i + 1] == '\n')
                i++;
            lines++;
        }
    }
    bool trailing = n > 0 && (src[n - 1] == '\n' || src[n - 1] == '\r');
    if (n > 0 && !trailing)
        lines++;
    row_start(b, d, cf->f);
    rowbuf_set_cstr(b, d->c[M_ENC], cf->f->encoding);
    rowbuf_set_cstr(b, d->c[M_INDENT], cf->default_indent ? cf->default_indent : "    ");
    rowbuf_set_cstr(b, d->c[M_NEWLINE], nl ? nl : "\n");
    rowbuf_set_bool(b, d->c[M_TRAILING], trailing);
    rowbuf_list_begin(b, d->c[M_FUTURE]);
    for (size_t i = 0; i < cf->futures.n; i++)
        rowbuf_list_push_str(b, d->c[M_FUTURE], cf->futures.v[i], strlen(cf->futures.v[i]));
    rowbuf_set_cstr(b, d->c[M_MODULE], cf->module_name);
    rowbuf_set_cstr(b, d->c[M_PACKAGE], cf->package_name);
    rowbuf_set_i32(b, d->c[M_LINES], lines > INT32_MAX ? INT32_MAX : (int32_t)lines);
    rowbuf_set_bool(b, d->c[M_HAS_ERR], cf->errors.n > 0);
    for (size_t i = 0; i < cf->docs.n; i++)
        if (cf->docs.v[i].owner < 0)
            set_span_text(b, d->c[M_DOC], cf, cf->docs.v[i].span);
}

/* ---- 5. run
 * -------------------------------------------------------------------------------------- */

static pc_status cst_run(void *state, const lens_file *f, const lens_sink *sink, pc_err *err)
{
    (void)err;
    cst_state *s = state;
    rowbuf *manifest = begin(sink, &s->manifest), *perr = begin(sink, &s->perr),
           *names = begin(sink, &s->names), *imports = begin(sink, &s->imports),
           *calls = begin(sink, &s->calls), *defs = begin(sink, &s->defs),
           *types = begin(sink, &s->types), *docs = begin(sink, &s->docs),
           *decos = begin(sink, &s->decos);
    if (!manifest && !perr && !names && !imports && !calls && !defs && !types && !docs && !decos)
        return PC_OK;
    const char *code, *message;
    const TSTree *tree = lens_file_tree(f, &code, &message);
    if (!tree) {
        lens_emit_problem(sink, f, "cst", code, "error", message, -1, 0);
        return PC_OK;
    }
    arena_reset(s->a);
    cst_file *cf = &s->cf;
    cst_file_reset(cf, f, &s->g, s->a);
    cst_walk(cf, tree);
    cst_scope_resolve(cf);
    id_bases ib;
    bases_init(&ib, f);
    if (manifest)
        row_manifest(manifest, &s->manifest, cf);
    if (perr && cf->errors.n)
        rows_errors(perr, &s->perr, cf);
    if (names)
        rows_names(names, &s->names, cf, &ib);
    if (imports)
        rows_imports(imports, &s->imports, cf, &ib);
    if (calls)
        rows_calls(calls, &s->calls, cf, &ib);
    if (defs)
        rows_defs(defs, &s->defs, cf, &ib);
    if (types)
        rows_types(types, &s->types, cf, &ib);
    if (docs)
        rows_docs(docs, &s->docs, cf, &ib);
    if (decos)
        rows_decos(decos, &s->decos, cf, &ib);
    return PC_OK;
}

static const char *const cst_datasets[] = {"py_cst_parse_manifest_v1", "py_cst_parse_errors_v1",
                                           "py_cst_name_refs_v1",      "py_cst_imports_v1",
                                           "py_cst_callsites_v1",      "py_cst_defs_v1",
                                           "py_cst_type_exprs_v1",     "py_cst_docstrings_v1",
                                           "py_cst_decorators_v1",     NULL};

const lens_def lens_cst = {
    .name = "cst",
    .version = "pycpg cst 1 (tree-sitter-python 0.23.6)",
    .datasets = cst_datasets,
    .open = cst_open,
    .run = cst_run,
    .close = cst_close,
};
