/*
 * cpython_bc.c — the bytecode part of the CPython lens: py_bc_code_units_v1,
 * py_bc_instructions_v1, py_bc_exception_table_v1, py_bc_blocks_v1, py_bc_cfg_edges_v1
 * (extract_datasets.md §7), and through cpython_df.c py_bc_def_use_events_v1 and
 * py_bc_reaches_v1 (§7.10: def/use events and reaching definitions over this CFG).
 *
 * Instructions are decoded in C from the code object exactly as dis.get_instructions()
 * (adaptive=False) decodes them: the de-specialised co_code, inline CACHE entries skipped,
 * EXTENDED_ARG listed and folded into the next argument, positions from the location table
 * (PEP 657 format, one entry per code unit), line starts as dis.findlinestarts computes
 * them. The opcode tables (names, argument classes, cache sizes, comparison and binary
 * operator names) are read once from the interpreter's own opcode and dis modules, so they
 * always match it.
 *
 * Code objects are walked in pre-order (module first, then each code constant in co_consts
 * order) with an explicit stack. qualpath is <module>.<co_name>@<co_firstlineno>...; a code
 * object whose qualpath repeats a sibling's (two lambdas on one line) gets "#k" appended
 * for the k-th repeat, so code_unit_id is unique (reference defect §14.10). argval_str and
 * argrepr of a code constant omit the object's address (§14.10); a frozenset constant lists
 * its items' reprs sorted, as its own order is not reproducible.
 *
 * The CFG follows §7.6 (blocks from jump targets, terminators and exception-table
 * boundaries; jump/branch/next/exc edges); edge_id is never NULL (§14.7 fixed) and branch
 * edges carry the outcome of their test in `polarity`.
 */
#include "cpython_int.h"

#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#define OPF_CONST   0x01
#define OPF_NAME    0x02
#define OPF_JREL    0x04
#define OPF_JABS    0x08
#define OPF_LOCAL   0x10
#define OPF_FREE    0x20
#define OPF_COMPARE 0x40
#define OPF_BACK    0x80 /* 'JUMP_BACKWARD' in opname: relative jump goes backwards */

/* Which opnames end a block, and how a conditional branch's two edges are labelled. */
static const char *const terminator_opnames[] = {"RETURN_VALUE", "RETURN_CONST", "RAISE_VARARGS",
                                                 "RERAISE"};
/* Instructions that define or use a name (py_bc_def_use_events_v1). */
static const char *const def_opnames[] = {"STORE_FAST",    "STORE_NAME",  "STORE_GLOBAL",
                                          "STORE_DEREF",   "DELETE_FAST", "DELETE_NAME",
                                          "DELETE_GLOBAL", "DELETE_DEREF"};
static const char *const use_opnames[] = {"LOAD_FAST",      "LOAD_NAME",    "LOAD_GLOBAL",
                                          "LOAD_DEREF",     "LOAD_CLOSURE", "LOAD_CLASSDEREF",
                                          "LOAD_FAST_CHECK"};

static const struct {
    const char *suffix; /* of the opname */
    const char *jump, *next;
} polarity_rules[] = {
    {"IF_TRUE", "true", "false"},        {"IF_FALSE", "false", "true"},
    {"TRUE_OR_POP", "true", "false"},    {"FALSE_OR_POP", "false", "true"},
    {"IF_NOT_NONE", "not_none", "none"}, {"IF_NONE", "none", "not_none"},
    {"FOR_ITER", "exhausted", "item"},   {"SEND", "return", "yield"},
};

typedef struct {
    char *name[256];
    uint8_t flags[256], caches[256];
    bool terminator[256], uncond_jump[256];
    int8_t polarity[256]; /* polarity_rules index or -1 */
    int8_t df_kind[256];  /* data flow: 1 def (stores, deletes of a name), 2 use (loads) */
    int have_argument, extended_arg, load_const, load_global, format_value, make_function,
        binary_op;
    char **cmp_op, **nb_ops, **mkfn_flags;
    size_t n_cmp, n_nb, n_mkfn;
    char *fmt_val[8], *fmt_repr[8];
} op_tables;

typedef struct {
    int32_t offset, arg, jump; /* jump: target offset or -1 */
    uint8_t op;
    bool has_arg;
} instr;

typedef struct {
    int line, end_line, col, end_col; /* -1 = None */
} position;

typedef struct {
    int32_t start, end, target, depth;
    bool lasti;
} exc_entry;

typedef struct {
    PyCodeObject *co; /* borrowed: alive while the module's code object is */
    char *qualpath;   /* owned */
    int64_t parent_id;
    bool has_parent;
} unit_frame;

struct cpy_bc {
    op_tables op;
    cpy_ds units, instrs, excs, blocks, edges, errors;
    size_t u_id, u_parent, u_qual, u_name, u_first, u_ints[6], u_len;
    size_t i_id, i_unit, i_index, i_offset, i_opname, i_opcode, i_arg, i_argval, i_argrepr,
        i_is_target, i_jump, i_starts, i_pos[4], i_bstart, i_bend, i_anchor, i_anchor_kind;
    size_t x_id, x_unit, x_index, x_start, x_end, x_target, x_depth, x_lasti;
    size_t b_id, b_unit, b_start, b_end, b_kind;
    size_t e_id, e_unit, e_src, e_dst, e_kind, e_cond, e_exc, e_key, e_pol;
    /* the file's prefix of file-local ids, and the file ordinal of the current code unit's
     * first instruction (the instructions of the units emitted before it) */
    uint32_t id_prefix;
    int64_t instr_base;
    /* per-code-unit scratch, reused */
    instr *ins;
    size_t ins_cap;
    position *pos;
    int32_t *line_start; /* per code unit: line starting there, or -1 */
    uint8_t *is_label;   /* per code unit */
    int32_t *block_of;   /* per code unit: block index */
    size_t cu_cap;
    exc_entry *exc;
    size_t exc_cap;
    int32_t *bounds;
    size_t bounds_cap;
    int64_t *block_ids;
    int32_t *block_last; /* index into ins of the block's last instruction */
    size_t block_cap;
    unit_frame *stack;
    size_t stack_cap;
    sbuf argval, argrepr;
    cpy_df *df; /* data flow of each code unit */
};

/* ---- opcode tables from the interpreter ------------------------------------------------- */

static const char op_tables_py[] =
    "import dis, opcode\n"
    "t = {}\n"
    "t['opname'] = list(opcode.opname)\n"
    "t['caches'] = list(opcode._inline_cache_entries)\n"
    "for k in ('hasconst', 'hasname', 'hasjrel', 'hasjabs', 'haslocal', 'hasfree', "
    "'hascompare'):\n"
    "    t[k] = list(getattr(opcode, k))\n"
    "t['ops'] = [opcode.HAVE_ARGUMENT, opcode.EXTENDED_ARG] + [opcode.opmap[n] for n in "
    "('LOAD_CONST', 'LOAD_GLOBAL', 'FORMAT_VALUE', 'MAKE_FUNCTION', 'BINARY_OP')]\n"
    "t['cmp_op'] = list(opcode.cmp_op)\n"
    "t['nb_ops'] = [s for _, s in opcode._nb_ops]\n"
    "t['mkfn'] = list(dis.MAKE_FUNCTION_FLAGS)\n"
    "def fmt(i):\n"
    "    conv, r = dis.FORMAT_VALUE_CONVERTERS[i & 3]\n"
    "    if i & 4:\n"
    "        r = (r + ', ' if r else '') + 'with format'\n"
    "    return str((conv, bool(i & 4))), r\n"
    "t['fmt_val'] = [fmt(i)[0] for i in range(8)]\n"
    "t['fmt_repr'] = [fmt(i)[1] for i in range(8)]\n";

/* Copies a list of str into a NULL-free array of owned C strings. */
static char **str_list(PyObject *list, size_t *n)
{
    *n = list && PyList_Check(list) ? (size_t)PyList_GET_SIZE(list) : 0;
    char **out = core_calloc(*n ? *n : 1, sizeof *out);
    for (size_t i = 0; i < *n; i++) {
        const char *s = cpy_utf8(PyList_GET_ITEM(list, i), NULL);
        out[i] = core_strdup(s ? s : "");
    }
    return out;
}

static void free_str_list(char **v, size_t n)
{
    for (size_t i = 0; v && i < n; i++)
        core_free(v[i]);
    core_free(v);
}

static void mark_ops(op_tables *t, PyObject *d, const char *key, uint8_t flag)
{
    PyObject *l = PyDict_GetItemString(d, key);
    for (Py_ssize_t i = 0; l && i < PyList_GET_SIZE(l); i++) {
        long op = PyLong_AsLong(PyList_GET_ITEM(l, i));
        if (op >= 0 && op < 256)
            t->flags[op] |= flag;
    }
}

static bool ends_with(const char *s, const char *suffix)
{
    size_t n = strlen(s), k = strlen(suffix);
    return n >= k && strcmp(s + n - k, suffix) == 0;
}

static void classify_ops(op_tables *t)
{
    for (int op = 0; op < 256; op++) {
        const char *n = t->name[op];
        if (strstr(n, "JUMP_BACKWARD"))
            t->flags[op] |= OPF_BACK;
        bool jumps = t->flags[op] & (OPF_JREL | OPF_JABS);
        t->uncond_jump[op] = jumps && strncmp(n, "JUMP", 4) == 0 && !strstr(n, "IF");
        t->terminator[op] = t->uncond_jump[op];
        for (size_t k = 0; k < sizeof terminator_opnames / sizeof *terminator_opnames; k++)
            if (strcmp(n, terminator_opnames[k]) == 0)
                t->terminator[op] = true;
        t->df_kind[op] = 0;
        for (size_t k = 0; k < sizeof def_opnames / sizeof *def_opnames; k++)
            if (strcmp(n, def_opnames[k]) == 0)
                t->df_kind[op] = 1;
        for (size_t k = 0; k < sizeof use_opnames / sizeof *use_opnames; k++)
            if (strcmp(n, use_opnames[k]) == 0)
                t->df_kind[op] = 2;
        t->polarity[op] = -1;
        for (size_t k = 0; jumps && k < sizeof polarity_rules / sizeof *polarity_rules; k++)
            if (ends_with(n, polarity_rules[k].suffix)) {
                t->polarity[op] = (int8_t)k;
                break;
            }
    }
}

static pc_status load_op_tables(op_tables *t, pc_err *err)
{
    PyObject *g = PyDict_New();
    PyObject *r = g ? PyRun_String(op_tables_py, Py_file_input, g, g) : NULL;
    PyObject *d = r ? PyDict_GetItemString(g, "t") : NULL;
    if (!d) {
        PyErr_Clear();
        Py_XDECREF(r);
        Py_XDECREF(g);
        return pc_fail(err, PC_ERR_INTERNAL,
                       "the embedded CPython cannot import its opcode/dis modules");
    }
    size_t n;
    char **names = str_list(PyDict_GetItemString(d, "opname"), &n);
    for (int i = 0; i < 256; i++)
        t->name[i] = (size_t)i < n ? names[i] : core_strdup("<?>");
    for (size_t i = 256; i < n; i++)
        core_free(names[i]);
    core_free(names);
    PyObject *caches = PyDict_GetItemString(d, "caches");
    for (Py_ssize_t i = 0; caches && i < PyList_GET_SIZE(caches) && i < 256; i++)
        t->caches[i] = (uint8_t)PyLong_AsLong(PyList_GET_ITEM(caches, i));
    mark_ops(t, d, "hasconst", OPF_CONST);
    mark_ops(t, d, "hasname", OPF_NAME);
    mark_ops(t, d, "hasjrel", OPF_JREL);
    mark_ops(t, d, "hasjabs", OPF_JABS);
    mark_ops(t, d, "haslocal", OPF_LOCAL);
    mark_ops(t, d, "hasfree", OPF_FREE);
    mark_ops(t, d, "hascompare", OPF_COMPARE);
    PyObject *ops = PyDict_GetItemString(d, "ops");
    int *dst[] = {&t->have_argument, &t->extended_arg,  &t->load_const, &t->load_global,
                  &t->format_value,  &t->make_function, &t->binary_op};
    for (size_t i = 0; i < sizeof dst / sizeof *dst; i++)
        *dst[i] = (int)PyLong_AsLong(PyList_GET_ITEM(ops, (Py_ssize_t)i));
    t->cmp_op = str_list(PyDict_GetItemString(d, "cmp_op"), &t->n_cmp);
    t->nb_ops = str_list(PyDict_GetItemString(d, "nb_ops"), &t->n_nb);
    t->mkfn_flags = str_list(PyDict_GetItemString(d, "mkfn"), &t->n_mkfn);
    size_t n8;
    char **fv = str_list(PyDict_GetItemString(d, "fmt_val"), &n8);
    char **fr = str_list(PyDict_GetItemString(d, "fmt_repr"), &n8);
    for (size_t i = 0; i < 8; i++) {
        t->fmt_val[i] = i < n8 ? fv[i] : core_strdup("");
        t->fmt_repr[i] = i < n8 ? fr[i] : core_strdup("");
    }
    core_free(fv);
    core_free(fr);
    Py_DECREF(r);
    Py_DECREF(g);
    PyErr_Clear();
    classify_ops(t);
    return PC_OK;
}

static void free_op_tables(op_tables *t)
{
    for (int i = 0; i < 256; i++)
        core_free(t->name[i]);
    free_str_list(t->cmp_op, t->n_cmp);
    free_str_list(t->nb_ops, t->n_nb);
    free_str_list(t->mkfn_flags, t->n_mkfn);
    for (int i = 0; i < 8; i++) {
        core_free(t->fmt_val[i]);
        core_free(t->fmt_repr[i]);
    }
}

/* ---- setup ------------------------------------------------------------------------------- */

static void columns(cpy_bc *b)
{
    static const char *const unit_ints[6] = {"argcount", "posonlyargcount", "kwonlyargcount",
                                             "nlocals",  "flags",           "stacksize"};
    static const char *const pos_cols[4] = {"pos_start_line", "pos_end_line", "pos_start_col",
                                            "pos_end_col"};
    const reg_dataset *d;
    cpy_ds_init(&b->units, "py_bc_code_units_v1");
    d = b->units.ds;
    b->u_id = registry_col_must(d, "code_unit_id");
    b->u_parent = registry_col_must(d, "parent_code_unit_id");
    b->u_qual = registry_col_must(d, "qualpath");
    b->u_name = registry_col_must(d, "co_name");
    b->u_first = registry_col_must(d, "firstlineno");
    for (int i = 0; i < 6; i++)
        b->u_ints[i] = registry_col_must(d, unit_ints[i]);
    b->u_len = registry_col_must(d, "code_len");
    cpy_ds_init(&b->instrs, "py_bc_instructions_v1");
    d = b->instrs.ds;
    b->i_id = registry_col_must(d, "instr_id");
    b->i_unit = registry_col_must(d, "code_unit_id");
    b->i_index = registry_col_must(d, "instr_index");
    b->i_offset = registry_col_must(d, "offset");
    b->i_opname = registry_col_must(d, "opname");
    b->i_opcode = registry_col_must(d, "opcode");
    b->i_arg = registry_col_must(d, "arg");
    b->i_argval = registry_col_must(d, "argval_str");
    b->i_argrepr = registry_col_must(d, "argrepr");
    b->i_is_target = registry_col_must(d, "is_jump_target");
    b->i_jump = registry_col_must(d, "jump_target_offset");
    b->i_starts = registry_col_must(d, "starts_line");
    for (int i = 0; i < 4; i++)
        b->i_pos[i] = registry_col_must(d, pos_cols[i]);
    b->i_bstart = registry_col_must(d, "bstart");
    b->i_bend = registry_col_must(d, "bend");
    b->i_anchor = registry_col_must(d, "anchor_ast_idx");
    b->i_anchor_kind = registry_col_must(d, "anchor_ast_kind");
    cpy_ds_init(&b->excs, "py_bc_exception_table_v1");
    d = b->excs.ds;
    b->x_id = registry_col_must(d, "exc_entry_id");
    b->x_unit = registry_col_must(d, "code_unit_id");
    b->x_index = registry_col_must(d, "exc_index");
    b->x_start = registry_col_must(d, "start_offset");
    b->x_end = registry_col_must(d, "end_offset");
    b->x_target = registry_col_must(d, "target_offset");
    b->x_depth = registry_col_must(d, "depth");
    b->x_lasti = registry_col_must(d, "lasti");
    cpy_ds_init(&b->blocks, "py_bc_blocks_v1");
    d = b->blocks.ds;
    b->b_id = registry_col_must(d, "block_id");
    b->b_unit = registry_col_must(d, "code_unit_id");
    b->b_start = registry_col_must(d, "start_offset");
    b->b_end = registry_col_must(d, "end_offset");
    b->b_kind = registry_col_must(d, "kind");
    cpy_ds_init(&b->edges, "py_bc_cfg_edges_v1");
    d = b->edges.ds;
    b->e_id = registry_col_must(d, "edge_id");
    b->e_unit = registry_col_must(d, "code_unit_id");
    b->e_src = registry_col_must(d, "src_block_id");
    b->e_dst = registry_col_must(d, "dst_block_id");
    b->e_kind = registry_col_must(d, "kind");
    b->e_cond = registry_col_must(d, "cond_instr_id");
    b->e_exc = registry_col_must(d, "exc_index");
    b->e_key = registry_col_must(d, "edge_key");
    b->e_pol = registry_col_must(d, "polarity");
    cpy_ds_init(&b->errors, "py_bc_errors_v1");
}

pc_status cpy_bc_new(cpy_bc **out, pc_err *err)
{
    cpy_bc *b = core_calloc(1, sizeof *b);
    pc_status rc = load_op_tables(&b->op, err);
    if (rc != PC_OK) {
        core_free(b);
        return rc;
    }
    columns(b);
    b->df = cpy_df_new();
    *out = b;
    return PC_OK;
}

void cpy_bc_free(cpy_bc *b)
{
    if (!b)
        return;
    free_op_tables(&b->op);
    core_free(b->ins);
    core_free(b->pos);
    core_free(b->line_start);
    core_free(b->is_label);
    core_free(b->block_of);
    core_free(b->exc);
    core_free(b->bounds);
    core_free(b->block_ids);
    core_free(b->block_last);
    core_free(b->stack);
    sbuf_free(&b->argval);
    sbuf_free(&b->argrepr);
    cpy_df_free(b->df);
    core_free(b);
}

const cpy_ds *cpy_bc_errors(const cpy_bc *b)
{
    return &b->errors;
}

/* ---- decoding one code object ------------------------------------------------------------ */

/* Per-code-unit arrays for ncu code units. */
static void reserve_units(cpy_bc *b, size_t ncu)
{
    if (ncu + 1 <= b->cu_cap)
        return;
    size_t c = b->cu_cap ? b->cu_cap : 256;
    while (c < ncu + 1)
        c *= 2;
    b->pos = core_realloc(b->pos, c * sizeof *b->pos);
    b->line_start = core_realloc(b->line_start, c * sizeof *b->line_start);
    b->is_label = core_realloc(b->is_label, c);
    b->block_of = core_realloc(b->block_of, c * sizeof *b->block_of);
    b->cu_cap = c;
}

/* The exception table's varints: 6-bit groups, most significant first, bit 6 = more
 * (bit 7 marks an entry's first byte). */
static unsigned exc_varint(const uint8_t **p, const uint8_t *end)
{
    unsigned v = 0;
    while (*p < end) {
        uint8_t x = *(*p)++;
        v = (v << 6) | (x & 63);
        if (!(x & 64) || v > (1u << 24))
            break;
    }
    return v;
}

/* The location table's varints: 6-bit groups, least significant first, bit 6 = more. */
static unsigned varint(const uint8_t **p, const uint8_t *end)
{
    unsigned v = 0, shift = 0;
    while (*p < end) {
        uint8_t x = *(*p)++;
        v |= (unsigned)(x & 63) << shift;
        shift += 6;
        if (!(x & 64) || shift > 30)
            break;
    }
    return v;
}

static int svarint(const uint8_t **p, const uint8_t *end)
{
    unsigned v = varint(p, end);
    return (v & 1) ? -(int)(v >> 1) : (int)(v >> 1);
}

/* Positions of every code unit from the location table, and the line starts of
 * dis.findlinestarts: an entry whose line is known and differs from the last known one. */
static void read_locations(cpy_bc *b, PyCodeObject *co, size_t ncu)
{
    const uint8_t *p = (const uint8_t *)PyBytes_AS_STRING(co->co_linetable);
    const uint8_t *end = p + PyBytes_GET_SIZE(co->co_linetable);
    int line = co->co_firstlineno;
    long last = -1;
    bool have_last = false;
    size_t cu = 0;
    for (size_t i = 0; i < ncu; i++) {
        b->pos[i] = (position){-1, -1, -1, -1};
        b->line_start[i] = -1;
    }
    while (p < end && cu < ncu) {
        uint8_t first = *p++;
        int code = (first >> 3) & 15, len = (first & 7) + 1;
        position ps = {-1, -1, -1, -1};
        if (code == 15) {
            /* no location */
        } else if (code == 14) {
            line += svarint(&p, end);
            ps.line = line;
            ps.end_line = line + (int)varint(&p, end);
            ps.col = (int)varint(&p, end) - 1;
            ps.end_col = (int)varint(&p, end) - 1;
        } else if (code == 13) {
            line += svarint(&p, end);
            ps.line = ps.end_line = line;
        } else if (code >= 10) {
            line += code - 10;
            ps.line = ps.end_line = line;
            ps.col = p < end ? *p++ : 0;
            ps.end_col = p < end ? *p++ : 0;
        } else {
            uint8_t second = p < end ? *p++ : 0;
            ps.line = ps.end_line = line;
            ps.col = code << 3 | (second >> 4);
            ps.end_col = ps.col + (second & 15);
        }
        if (ps.line != -1 && (!have_last || ps.line != last)) {
            b->line_start[cu] = ps.line;
            last = ps.line;
            have_last = true;
        }
        for (int k = 0; k < len && cu < ncu; k++)
            b->pos[cu++] = ps;
    }
}

/* The instructions of code (dis._unpack_opargs), with jump targets; returns the count. */
static size_t decode(cpy_bc *b, const uint8_t *code, size_t len)
{
    const op_tables *t = &b->op;
    size_t n = 0, ncu = len / 2;
    int64_t ext = 0;
    memset(b->is_label, 0, ncu + 1);
    for (size_t i = 0; i + 1 < len; i += 2) {
        uint8_t op = code[i];
        cpy_grow((void **)&b->ins, &b->ins_cap, n + 1, sizeof *b->ins);
        instr *in = &b->ins[n++];
        *in = (instr){.offset = (int32_t)i, .op = op, .jump = -1};
        if (op >= t->have_argument) {
            int64_t arg = code[i + 1] | ext;
            ext = op == t->extended_arg ? arg << 8 : 0;
            if (ext >= (INT64_C(1) << 31))
                ext -= INT64_C(1) << 32;
            in->has_arg = true;
            in->arg = (int32_t)arg;
            int64_t target = -1;
            if (t->flags[op] & OPF_JREL)
                target = (int64_t)i + 2 + ((t->flags[op] & OPF_BACK) ? -arg : arg) * 2;
            else if (t->flags[op] & OPF_JABS)
                target = arg * 2;
            if (t->flags[op] & (OPF_JREL | OPF_JABS)) {
                in->jump = (int32_t)target;
                if (target >= 0 && (size_t)target / 2 < ncu && target % 2 == 0)
                    b->is_label[target / 2] = 1;
            }
        } else {
            ext = 0;
        }
        i += 2 * (size_t)t->caches[op];
    }
    return n;
}

static size_t read_exceptions(cpy_bc *b, PyCodeObject *co)
{
    const uint8_t *p = (const uint8_t *)PyBytes_AS_STRING(co->co_exceptiontable);
    const uint8_t *end = p + PyBytes_GET_SIZE(co->co_exceptiontable);
    size_t n = 0;
    while (p < end) {
        int32_t start = (int32_t)exc_varint(&p, end) * 2;
        int32_t length = (int32_t)exc_varint(&p, end) * 2;
        int32_t target = (int32_t)exc_varint(&p, end) * 2;
        unsigned dl = exc_varint(&p, end);
        cpy_grow((void **)&b->exc, &b->exc_cap, n + 1, sizeof *b->exc);
        b->exc[n++] = (exc_entry){start, start + length, target, (int32_t)(dl >> 1), dl & 1};
    }
    return n;
}

/* ---- rows --------------------------------------------------------------------------------- */

/* The id of the index-th instruction of the current code unit: file-local, numbered over
 * the file's code units in the order they are emitted (docs/ids.md); past
 * ID_LOCAL_ORDINAL_LIMIT, the reference's id("bc_instr", "bc_code:<unit>", index, offset). */
static int64_t instr_id(const cpy_bc *b, int64_t unit, size_t index, int32_t offset)
{
    int64_t id = id_local(b->id_prefix, ID_LOCAL_INSTR, b->instr_base + (int64_t)index);
    if (id >= 0)
        return id;
    id_builder ib;
    id_begin(&ib, "bc_instr");
    id_add_ref(&ib, "bc_code", unit);
    id_add_i64(&ib, (int64_t)index);
    id_add_i64(&ib, offset);
    return id_finish(&ib);
}

/* A name from a tuple of str, or NULL when the index is out of range. */
static const char *tuple_name(PyObject *tuple, int64_t i, Py_ssize_t *n)
{
    if (!tuple || i < 0 || i >= PyTuple_GET_SIZE(tuple))
        return NULL;
    return cpy_utf8(PyTuple_GET_ITEM(tuple, i), n);
}

static int cmp_cstr(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static void put_obj_str(sbuf *out, PyObject *o, bool repr);

/* A frozenset constant, its items' reprs sorted: its iteration order depends on string
 * hashes and on the interpreter's history, so str() would differ between runs. */
static void put_frozenset(sbuf *out, PyObject *o)
{
    Py_ssize_t n = PySet_GET_SIZE(o), k = 0, pos = 0;
    if (n == 0) {
        sbuf_puts(out, "frozenset()");
        return;
    }
    char **items = core_calloc((size_t)n, sizeof *items);
    PyObject *it;
    Py_hash_t h;
    sbuf one = SBUF_INIT;
    while (k < n && _PySet_NextEntry(o, &pos, &it, &h)) {
        sbuf_reset(&one);
        put_obj_str(&one, it, true);
        items[k++] = core_strndup(one.data ? one.data : "", one.len);
    }
    qsort(items, (size_t)k, sizeof *items, cmp_cstr);
    sbuf_puts(out, "frozenset({");
    for (Py_ssize_t i = 0; i < k; i++) {
        sbuf_puts(out, i ? ", " : "");
        sbuf_puts(out, items[i]);
        core_free(items[i]);
    }
    sbuf_puts(out, "})");
    core_free(items);
    sbuf_free(&one);
}

static void put_obj_str(sbuf *out, PyObject *o, bool repr)
{
    if (PyFrozenSet_CheckExact(o)) {
        put_frozenset(out, o);
        return;
    }
    if (PyCode_Check(o)) {
        PyCodeObject *c = (PyCodeObject *)o;
        const char *name = cpy_utf8(c->co_name, NULL), *file = cpy_utf8(c->co_filename, NULL);
        sbuf_printf(out, "<code object %s, file \"%s\", line %d>", name ? name : "?",
                    file ? file : "?", c->co_firstlineno);
        return;
    }
    PyObject *s = repr ? PyObject_Repr(o) : PyObject_Str(o);
    Py_ssize_t n;
    const char *u = cpy_utf8(s, &n);
    if (u) {
        sbuf_append(out, u, (size_t)n);
    } else if (s && PyUnicode_Check(s)) {
        /* lone surrogates (str('\ud800')): escaped, as encode('utf-8', 'backslashreplace') */
        PyObject *e = PyUnicode_AsEncodedString(s, "utf-8", "backslashreplace");
        if (e)
            sbuf_append(out, PyBytes_AS_STRING(e), (size_t)PyBytes_GET_SIZE(e));
        Py_XDECREF(e);
    }
    Py_XDECREF(s);
    PyErr_Clear();
}

/* argval_str (NULL-able: returns false for None) and argrepr of one instruction, as dis
 * computes them. */
static bool describe_arg(cpy_bc *b, PyCodeObject *co, const instr *in)
{
    const op_tables *t = &b->op;
    sbuf *v = &b->argval, *r = &b->argrepr;
    sbuf_reset(v);
    sbuf_reset(r);
    sbuf_puts(v, "");
    sbuf_puts(r, "");
    if (!in->has_arg)
        return false;
    uint8_t fl = t->flags[in->op];
    int64_t arg = in->arg;
    Py_ssize_t n;
    const char *s;
    if (fl & OPF_CONST) {
        if (in->op != t->load_const || arg < 0 || arg >= PyTuple_GET_SIZE(co->co_consts)) {
            sbuf_puts(v, "<unknown>");
            return true;
        }
        PyObject *c = PyTuple_GET_ITEM(co->co_consts, arg);
        if (c == Py_None) {
            sbuf_puts(r, "None");
            return false;
        }
        put_obj_str(v, c, false);
        put_obj_str(r, c, true);
        return true;
    }
    if (fl & OPF_NAME) {
        bool global = in->op == t->load_global;
        s = tuple_name(co->co_names, global ? arg / 2 : arg, &n);
        if (!s)
            return false;
        sbuf_append(v, s, (size_t)n);
        if (global && (arg & 1))
            sbuf_puts(r, "NULL + ");
        sbuf_append(r, s, (size_t)n);
        return true;
    }
    if (fl & (OPF_JABS | OPF_JREL)) {
        sbuf_printf(v, "%d", in->jump);
        sbuf_printf(r, "to %d", in->jump);
        return true;
    }
    if (fl & (OPF_LOCAL | OPF_FREE)) {
        s = tuple_name(co->co_localsplusnames, arg, &n);
        if (!s)
            return false;
        sbuf_append(v, s, (size_t)n);
        sbuf_append(r, s, (size_t)n);
        return true;
    }
    if ((fl & OPF_COMPARE) && arg >= 0 && (size_t)arg < t->n_cmp) {
        sbuf_puts(v, t->cmp_op[arg]);
        sbuf_puts(r, t->cmp_op[arg]);
        return true;
    }
    if (in->op == t->format_value) {
        sbuf_puts(v, t->fmt_val[arg & 7]);
        sbuf_puts(r, t->fmt_repr[arg & 7]);
        return true;
    }
    sbuf_printf(v, "%" PRId64, arg);
    if (in->op == t->make_function) {
        for (size_t k = 0; k < t->n_mkfn; k++)
            if (arg & (INT64_C(1) << k)) {
                if (r->len)
                    sbuf_puts(r, ", ");
                sbuf_puts(r, t->mkfn_flags[k]);
            }
    } else if (in->op == t->binary_op && arg >= 0 && (size_t)arg < t->n_nb) {
        sbuf_puts(r, t->nb_ops[arg]);
    }
    return true;
}

/* The instruction's span (bstart, bend) and anchor (anchor_ast_idx, anchor_ast_kind: the AST
 * node of exactly its span, the deepest of several, cpy_anchor_find), from its positions. */
static void span_cols(cpy_bc *b, rowbuf *r, const cpy_file *cf, const position *p)
{
    int pos[4] = {p->line, p->col, p->end_line, p->end_col};
    int64_t s, e;
    if (!cpy_span(cf, pos, &s, &e))
        return;
    rowbuf_set_i64(r, b->i_bstart, s);
    rowbuf_set_i64(r, b->i_bend, e);
    const cpy_anchor *a = cf->anchors ? cpy_anchor_find(cf->anchors, s, e) : NULL;
    if (!a)
        return;
    rowbuf_set_i32(r, b->i_anchor, a->ast_idx);
    rowbuf_set_cstr(r, b->i_anchor_kind, a->kind);
}

static void instruction_rows(cpy_bc *b, const cpy_file *cf, PyCodeObject *co, int64_t unit,
                             size_t n)
{
    for (size_t k = 0; k < n; k++) {
        const instr *in = &b->ins[k];
        rowbuf *r = cpy_row(&b->instrs, cf);
        if (!r)
            return;
        size_t cu = (size_t)in->offset / 2;
        rowbuf_set_i64(r, b->i_id, instr_id(b, unit, k, in->offset));
        rowbuf_set_i64(r, b->i_unit, unit);
        rowbuf_set_i32(r, b->i_index, (int32_t)k);
        rowbuf_set_i32(r, b->i_offset, in->offset);
        rowbuf_set_cstr(r, b->i_opname, b->op.name[in->op]);
        rowbuf_set_i32(r, b->i_opcode, in->op);
        if (in->has_arg)
            rowbuf_set_i32(r, b->i_arg, in->arg);
        if (describe_arg(b, co, in))
            rowbuf_set_str(r, b->i_argval, b->argval.data, b->argval.len);
        rowbuf_set_str(r, b->i_argrepr, b->argrepr.data, b->argrepr.len);
        rowbuf_set_bool(r, b->i_is_target, b->is_label[cu] != 0);
        if (in->has_arg && (b->op.flags[in->op] & (OPF_JABS | OPF_JREL)))
            rowbuf_set_i32(r, b->i_jump, in->jump);
        if (b->line_start[cu] >= 0)
            rowbuf_set_i32(r, b->i_starts, b->line_start[cu]);
        const position *p = &b->pos[cu];
        int v[4] = {p->line, p->end_line, p->col, p->end_col};
        for (int i = 0; i < 4; i++)
            if (v[i] != -1)
                rowbuf_set_i32(r, b->i_pos[i], v[i]);
        if (p->line != -1 && p->end_line != -1 && p->col != -1 && p->end_col != -1)
            span_cols(b, r, cf, p);
    }
}

static void exception_rows(cpy_bc *b, const cpy_file *cf, int64_t unit, size_t n)
{
    for (size_t k = 0; k < n; k++) {
        const exc_entry *e = &b->exc[k];
        rowbuf *r = cpy_row(&b->excs, cf);
        if (!r)
            return;
        id_builder ib;
        id_begin(&ib, "bc_exc");
        id_add_ref(&ib, "bc_code", unit);
        id_add_i64(&ib, (int64_t)k);
        id_add_i64(&ib, e->start);
        id_add_i64(&ib, e->end);
        id_add_i64(&ib, e->target);
        rowbuf_set_i64(r, b->x_id, id_finish(&ib));
        rowbuf_set_i64(r, b->x_unit, unit);
        rowbuf_set_i32(r, b->x_index, (int32_t)k);
        rowbuf_set_i32(r, b->x_start, e->start);
        rowbuf_set_i32(r, b->x_end, e->end);
        rowbuf_set_i32(r, b->x_target, e->target);
        rowbuf_set_i32(r, b->x_depth, e->depth);
        rowbuf_set_bool(r, b->x_lasti, e->lasti);
    }
}

/* ---- CFG ---------------------------------------------------------------------------------- */

static int cmp_i32(const void *a, const void *b)
{
    int32_t x = *(const int32_t *)a, y = *(const int32_t *)b;
    return (x > y) - (x < y);
}

/* Block boundaries (§7.6), sorted and unique; returns the count. */
static size_t boundaries(cpy_bc *b, size_t n, size_t nexc, int32_t code_len)
{
    size_t ncu = (size_t)code_len / 2, nb = 0;
    uint8_t *is_start = b->is_label; /* reused below only after labels were emitted */
    memset(is_start, 0, ncu + 1);
    for (size_t k = 0; k < n; k++)
        is_start[b->ins[k].offset / 2] = 1;
    is_start[ncu] = 1; /* code_len itself */
    cpy_grow((void **)&b->bounds, &b->bounds_cap, 2 + 2 * n + 3 * nexc, sizeof *b->bounds);
#define ADD_BOUND(x)                                                                               \
    do {                                                                                           \
        int32_t x_ = (x);                                                                          \
        if (x_ >= 0 && x_ <= code_len && x_ % 2 == 0 && is_start[x_ / 2])                          \
            b->bounds[nb++] = x_;                                                                  \
    } while (0)
    ADD_BOUND(0);
    ADD_BOUND(code_len);
    for (size_t k = 0; k < n; k++) {
        if (b->ins[k].jump >= 0)
            ADD_BOUND(b->ins[k].jump);
        /* a terminator, and any jump or branch, ends its block (the reference split only
         * after terminators, leaving a conditional branch inside a block without edges) */
        if ((b->op.terminator[b->ins[k].op] || b->ins[k].jump >= 0) && k + 1 < n)
            ADD_BOUND(b->ins[k + 1].offset);
    }
    for (size_t k = 0; k < nexc; k++) {
        ADD_BOUND(b->exc[k].start);
        ADD_BOUND(b->exc[k].end);
        ADD_BOUND(b->exc[k].target);
    }
#undef ADD_BOUND
    qsort(b->bounds, nb, sizeof *b->bounds, cmp_i32);
    size_t u = 0;
    for (size_t k = 0; k < nb; k++)
        if (u == 0 || b->bounds[u - 1] != b->bounds[k])
            b->bounds[u++] = b->bounds[k];
    return u;
}

static int64_t block_id(int64_t unit, int32_t start, int32_t end)
{
    id_builder ib;
    id_begin(&ib, "bc_block");
    id_add_ref(&ib, "bc_code", unit);
    id_add_i64(&ib, start);
    id_add_i64(&ib, end);
    return id_finish(&ib);
}

typedef struct {
    int64_t unit;
    int32_t src, dst; /* block indices */
    const char *kind;
    int64_t cond; /* cond instr id, -1 for none */
    int32_t exc;  /* exc index, -1 for none */
    int32_t key;
    const char *polarity;
} cfg_edge;

static void edge_row(cpy_bc *b, const cpy_file *cf, const cfg_edge *e)
{
    cpy_df_edge(b->df, e->src, e->dst);
    rowbuf *r = cpy_row(&b->edges, cf);
    if (!r)
        return;
    char key[24];
    snprintf(key, sizeof key, "%d", e->key);
    int64_t src = b->block_ids[e->src], dst = b->block_ids[e->dst];
    id_builder ib;
    id_begin(&ib, "bc_edge");
    id_add_ref(&ib, "bc_code", e->unit);
    id_add_ref(&ib, "bc_block", src);
    id_add_ref(&ib, "bc_block", dst);
    id_add_cstr(&ib, e->kind);
    id_add_cstr(&ib, key);
    if (e->exc >= 0)
        id_add_i64(&ib, e->exc);
    else
        id_add_cstr(&ib, ID_NULL_SENTINEL);
    rowbuf_set_i64(r, b->e_id, id_finish(&ib));
    rowbuf_set_i64(r, b->e_unit, e->unit);
    rowbuf_set_i64(r, b->e_src, src);
    rowbuf_set_i64(r, b->e_dst, dst);
    rowbuf_set_cstr(r, b->e_kind, e->kind);
    if (e->cond >= 0)
        rowbuf_set_i64(r, b->e_cond, e->cond);
    if (e->exc >= 0)
        rowbuf_set_i32(r, b->e_exc, e->exc);
    rowbuf_set_cstr(r, b->e_key, key);
    rowbuf_set_cstr(r, b->e_pol, e->polarity);
}

/* The block starting at offset, or -1. */
static int32_t block_at(const cpy_bc *b, int32_t offset, int32_t code_len, size_t nblocks)
{
    if (offset < 0 || offset >= code_len || offset % 2)
        return -1;
    int32_t k = b->block_of[offset / 2];
    return k >= 0 && (size_t)k < nblocks && b->bounds[k] == offset ? k : -1;
}

static void flow_edges(cpy_bc *b, const cpy_file *cf, int64_t unit, size_t nblocks,
                       int32_t code_len)
{
    for (size_t k = 0; k < nblocks; k++) {
        if (b->block_last[k] < 0)
            continue;
        const instr *last = &b->ins[b->block_last[k]];
        int32_t end = b->bounds[k + 1];
        int32_t next = block_at(b, end, code_len, nblocks);
        int32_t dst = last->jump >= 0 ? block_at(b, last->jump, code_len, nblocks) : -1;
        cfg_edge e = {unit, (int32_t)k, dst, "next", -1, -1, end, NULL};
        if (dst >= 0) {
            bool uncond = b->op.uncond_jump[last->op];
            int8_t pol = b->op.polarity[last->op];
            e.kind = uncond ? "jump" : "branch";
            e.key = last->offset;
            if (!uncond) {
                e.cond = instr_id(b, unit, (size_t)b->block_last[k], last->offset);
                e.polarity = pol >= 0 ? polarity_rules[pol].jump : NULL;
            }
            edge_row(b, cf, &e);
            if (uncond || next < 0)
                continue;
            e = (cfg_edge){unit,   (int32_t)k, next, "next",
                           e.cond, -1,         end,  pol >= 0 ? polarity_rules[pol].next : NULL};
            edge_row(b, cf, &e);
        } else if (!b->op.terminator[last->op] && next >= 0) {
            e.dst = next;
            edge_row(b, cf, &e);
        }
    }
}

/* The blocks and edges of one code unit; returns the number of blocks. */
static size_t cfg_rows(cpy_bc *b, const cpy_file *cf, int64_t unit, size_t n, size_t nexc,
                       int32_t code_len)
{
    size_t nb = boundaries(b, n, nexc, code_len);
    size_t nblocks = nb > 0 ? nb - 1 : 0;
    cpy_grow((void **)&b->block_ids, &b->block_cap, nblocks + 1, sizeof *b->block_ids);
    b->block_last = core_realloc(b->block_last, b->block_cap * sizeof *b->block_last);
    for (size_t cu = 0; cu < (size_t)code_len / 2; cu++)
        b->block_of[cu] = -1;
    for (size_t k = 0; k < nblocks; k++) {
        for (int32_t off = b->bounds[k]; off < b->bounds[k + 1]; off += 2)
            b->block_of[off / 2] = (int32_t)k;
        b->block_ids[k] = block_id(unit, b->bounds[k], b->bounds[k + 1]);
        b->block_last[k] = -1;
    }
    for (size_t i = 0; i < n; i++) {
        int32_t k = b->block_of[b->ins[i].offset / 2];
        if (k >= 0)
            b->block_last[k] = (int32_t)i;
    }
    for (size_t k = 0; k < nblocks; k++) {
        rowbuf *r = cpy_row(&b->blocks, cf);
        if (!r)
            break;
        const char *kind = "normal";
        if (b->bounds[k] == 0)
            kind = "entry";
        else
            for (size_t x = 0; x < nexc; x++)
                if (b->exc[x].target == b->bounds[k]) {
                    kind = "handler";
                    break;
                }
        rowbuf_set_i64(r, b->b_id, b->block_ids[k]);
        rowbuf_set_i64(r, b->b_unit, unit);
        rowbuf_set_i32(r, b->b_start, b->bounds[k]);
        rowbuf_set_i32(r, b->b_end, b->bounds[k + 1]);
        rowbuf_set_cstr(r, b->b_kind, kind);
    }
    flow_edges(b, cf, unit, nblocks, code_len);
    for (size_t x = 0; x < nexc; x++) {
        const exc_entry *e = &b->exc[x];
        int32_t h = block_at(b, e->target, code_len, nblocks);
        if (h < 0)
            continue;
        for (size_t k = 0; k < nblocks; k++)
            if (b->bounds[k + 1] > e->start && b->bounds[k] < e->end) {
                cfg_edge ed = {unit, (int32_t)k, h, "exc", -1, (int32_t)x, (int32_t)x, NULL};
                edge_row(b, cf, &ed);
            }
    }
    return nblocks;
}

/* The def/use events of one code unit, in instruction order, handed to the data flow. */
static void dataflow(cpy_bc *b, const cpy_file *cf, PyCodeObject *co, int64_t unit, size_t n,
                     size_t nblocks)
{
    for (size_t k = 0; k < n; k++) {
        const instr *in = &b->ins[k];
        int8_t kind = b->op.df_kind[in->op];
        if (!kind || !describe_arg(b, co, in))
            continue;
        int32_t block = nblocks ? b->block_of[in->offset / 2] : -1;
        /* the event's file-local id: its instruction's ordinal, in the events' family */
        int64_t local = id_local(b->id_prefix, ID_LOCAL_DF_EVENT, b->instr_base + (int64_t)k);
        cpy_df_event(b->df, instr_id(b, unit, k, in->offset), local, kind == 1, b->argval.data,
                     b->argval.len, b->op.name[in->op], in->offset, block);
    }
    cpy_df_unit_end(b->df, cf, nblocks, &b->errors);
}

/* ---- code units --------------------------------------------------------------------------- */

static int64_t unit_id(const cpy_file *cf, const char *qualpath, int firstlineno, PyObject *name)
{
    id_builder ib;
    id_begin(&ib, "bc_code");
    id_add_ref(&ib, "file", cf->f->file_id);
    id_add_cstr(&ib, qualpath);
    id_add_i64(&ib, firstlineno);
    Py_ssize_t n;
    const char *s = cpy_utf8(name, &n);
    id_add_str(&ib, s ? s : "", s ? (size_t)n : 0);
    return id_finish(&ib);
}

static void unit_row(cpy_bc *b, const cpy_file *cf, const unit_frame *fr, int64_t id,
                     int32_t code_len)
{
    PyCodeObject *co = fr->co;
    rowbuf *r = cpy_row(&b->units, cf);
    if (!r)
        return;
    rowbuf_set_i64(r, b->u_id, id);
    if (fr->has_parent)
        rowbuf_set_i64(r, b->u_parent, fr->parent_id);
    rowbuf_set_cstr(r, b->u_qual, fr->qualpath);
    Py_ssize_t n;
    const char *name = cpy_utf8(co->co_name, &n);
    if (name)
        rowbuf_set_str(r, b->u_name, name, (size_t)n);
    rowbuf_set_i32(r, b->u_first, co->co_firstlineno);
    int v[6] = {co->co_argcount, co->co_posonlyargcount, co->co_kwonlyargcount,
                co->co_nlocals,  co->co_flags,           co->co_stacksize};
    for (int i = 0; i < 6; i++)
        rowbuf_set_i32(r, b->u_ints[i], v[i]);
    rowbuf_set_i32(r, b->u_len, code_len);
}

/* Everything of one code object. */
static void emit_unit(cpy_bc *b, const cpy_file *cf, const unit_frame *fr, int64_t id)
{
    PyCodeObject *co = fr->co;
    PyObject *bytes = PyCode_GetCode(co);
    if (!bytes) {
        PyErr_Clear();
        return;
    }
    const uint8_t *code = (const uint8_t *)PyBytes_AS_STRING(bytes);
    int32_t len = (int32_t)PyBytes_GET_SIZE(bytes);
    unit_row(b, cf, fr, id, len);
    reserve_units(b, (size_t)len / 2);
    read_locations(b, co, (size_t)len / 2);
    size_t n = decode(b, code, (size_t)len);
    size_t nexc = read_exceptions(b, co);
    instruction_rows(b, cf, co, id, n);
    exception_rows(b, cf, id, nexc);
    cpy_df_unit_begin(b->df, id);
    size_t nblocks = n > 0 ? cfg_rows(b, cf, id, n, nexc, len) : 0;
    if (cpy_df_wanted(b->df, cf))
        dataflow(b, cf, co, id, n, nblocks);
    b->instr_base += (int64_t)n;
    Py_DECREF(bytes);
}

static void push_unit(cpy_bc *b, size_t *sp, unit_frame fr)
{
    cpy_grow((void **)&b->stack, &b->stack_cap, *sp + 1, sizeof *b->stack);
    b->stack[(*sp)++] = fr;
}

/* Pushes the code constants of fr (its children) so that they pop in co_consts order;
 * a child whose qualpath repeats an earlier sibling's gets "#k". */
static void push_children(cpy_bc *b, size_t *sp, const unit_frame *fr, int64_t id)
{
    PyObject *consts = fr->co->co_consts;
    size_t first = *sp;
    for (Py_ssize_t i = 0; i < PyTuple_GET_SIZE(consts); i++) {
        PyObject *c = PyTuple_GET_ITEM(consts, i);
        if (!PyCode_Check(c))
            continue;
        PyCodeObject *co = (PyCodeObject *)c;
        int repeat = 0;
        for (size_t s = first; s < *sp; s++)
            if (b->stack[s].co->co_firstlineno == co->co_firstlineno &&
                PyUnicode_Compare(b->stack[s].co->co_name, co->co_name) == 0)
                repeat++;
        PyErr_Clear();
        sbuf q = SBUF_INIT;
        const char *name = cpy_utf8(co->co_name, NULL);
        sbuf_printf(&q, "%s.%s@%d", fr->qualpath, name ? name : "?", co->co_firstlineno);
        if (repeat)
            sbuf_printf(&q, "#%d", repeat);
        push_unit(b, sp, (unit_frame){co, q.data, id, true});
    }
    /* reverse the children so the first pops first */
    for (size_t i = first, j = *sp; i + 1 < j; i++, j--) {
        unit_frame t = b->stack[i];
        b->stack[i] = b->stack[j - 1];
        b->stack[j - 1] = t;
    }
}

void cpy_bc_emit(cpy_bc *b, const cpy_file *cf, PyCodeObject *code)
{
    const cpy_ds *all[] = {&b->units, &b->instrs, &b->excs, &b->blocks, &b->edges};
    bool any = false;
    for (size_t i = 0; i < sizeof all / sizeof *all; i++)
        any = any || cf->sink->rows(cf->sink->ctx, all[i]->ds) != NULL;
    if (!any && !cpy_df_wanted(b->df, cf))
        return;
    size_t sp = 0;
    b->id_prefix = cf->f->id_prefix;
    b->instr_base = 0;
    push_unit(b, &sp, (unit_frame){code, core_strdup("<module>"), 0, false});
    while (sp > 0) {
        unit_frame fr = b->stack[--sp];
        int64_t id = unit_id(cf, fr.qualpath, fr.co->co_firstlineno, fr.co->co_name);
        emit_unit(b, cf, &fr, id);
        push_children(b, &sp, &fr, id);
        core_free(fr.qualpath);
    }
}
