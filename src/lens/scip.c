/*
 * scip.c — the SCIP lens: index.scip → scip_* rows (lens.h, "the SCIP lens", says what it
 * produces).
 *
 * Decoding. An index file is a sequence of Index fields: 1 metadata, 2 document, 3 external
 * symbol (several serialized Index messages concatenated are still such a sequence — that is
 * how scip-python writes it: metadata first, one message per document, then the external
 * symbols). This file walks that top-level sequence itself (a tag varint and a length per
 * field, nothing more) and hands each field's bytes to protobuf-c's generated unpacker
 * (scip.proto, generated at build time), then frees it: memory holds one document at a time,
 * and a malformed document costs that document and what follows it, not what came before.
 * protobuf-c allocates through the core allocator seam.
 *
 * Merging (protobuf's own semantics, which a whole-file parse would apply): repeated
 * metadata fields merge — a later non-empty scalar wins, tool arguments append — and the
 * single scip_metadata_v1 row is written at the end; documents and external symbols append.
 * A document path met again (a second Index message about the same file) adds its rows to
 * the same document_id; scip_documents_v1 keeps the first row for the path.
 *
 * Mapping. A document's occurrences are mapped with scip_map.c over the raw bytes of the
 * scanned file of the same path (lens_scip_files.lookup), in the document's position
 * encoding (unspecified = UTF-16, what scip-python's pyright positions are). An occurrence
 * whose range cannot be mapped keeps its row with NULL bstart/bend and gets one
 * scip_span_errors_v1 row with the reason (the link stage folds them into span_errors_v1).
 *
 * Ids (extract_datasets.md §9, docs/decisions.md "SCIP lens"): document_id = id(scip_doc,
 * path); occurrence_id = id(scip_occ, scip_doc:<document_id>, global ordinal, range four);
 * diagnostic_id likewise with scip_diag and the diagnostic ordinal; symbol_info_id =
 * id(scip_sym | scip_ext_sym, symbol); relationship_id = id(scip_rel, symbol, related, four
 * booleans). Enum values are written as their scip.proto names (decimal for unknown values).
 *
 * Divisions: row helpers, metadata, occurrences and diagnostics, symbols, documents, the
 * top-level walk, ingest.
 */
#include "lens.h"

#include "scip.pb-c.h"

#include <errno.h>
#include <fcntl.h>
#include <jansson.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define INDEX_MAX_BYTES ((int64_t)8 << 30) /* a larger index.scip is refused (a row) */

const char lens_scip_version[] = "scip 1 (scip.proto subset; protobuf-c " PROTOBUF_C_VERSION ")";
const char *const lens_scip_datasets[] = {
    "scip_metadata_v1",
    "scip_documents_v1",
    "scip_occurrences_v1",
    "scip_symbol_info_v1",
    "scip_symbol_relationships_v1",
    "scip_external_symbol_info_v1",
    "scip_diagnostics_v1",
    "scip_span_errors_v1",
    "file_errors_v1",
    NULL,
};

/* One ingest. */
typedef struct {
    const lens_scip_files *files;
    const lens_sink *sink;
    lens_scip_stats *st;
    const char *index_path;
    const char *index_name; /* how rows name the index (lens_scip_files.index_name) */
    /* merged metadata */
    bool have_meta;
    int32_t version, text_encoding;
    char *tool_name, *tool_version, *project_root; /* owned */
    sbuf tool_args;                                /* space-joined */
    /* document ids already given a scip_documents_v1 row: open addressing, 0 = empty */
    uint64_t *seen;
    size_t seen_cap, seen_n;
    int64_t occ_ordinal, diag_ordinal;
    sbuf tmp;
} ingest;

/* ---- row helpers ------------------------------------------------------------------- */

static void *pb_alloc(void *data, size_t size)
{
    (void)data;
    return core_malloc(size);
}

static void pb_free(void *data, void *p)
{
    (void)data;
    core_free(p);
}

static ProtobufCAllocator pb_allocator = {pb_alloc, pb_free, NULL};

static rowbuf *rows(ingest *g, const char *dataset, const reg_dataset **ds)
{
    *ds = registry_find(dataset);
    return *ds ? g->sink->rows(g->sink->ctx, *ds) : NULL;
}

/* Index text is untrusted: invalid UTF-8 is repaired (U+FFFD) before it reaches a VARCHAR. */
static void set_text(ingest *g, rowbuf *b, size_t col, const char *s)
{
    if (!s)
        return;
    size_t n = strlen(s);
    if (utf8_valid_prefix(s, n) == n) {
        rowbuf_set_str(b, col, s, n);
        return;
    }
    sbuf_reset(&g->tmp);
    utf8_append_repaired(&g->tmp, s, n);
    rowbuf_set_str(b, col, g->tmp.data, g->tmp.len);
}

static void push_text(ingest *g, rowbuf *b, size_t col, const char *s)
{
    size_t n = strlen(s);
    if (utf8_valid_prefix(s, n) == n) {
        rowbuf_list_push_str(b, col, s, n);
        return;
    }
    sbuf_reset(&g->tmp);
    utf8_append_repaired(&g->tmp, s, n);
    rowbuf_list_push_str(b, col, g->tmp.data, g->tmp.len);
}

static void set_col_text(ingest *g, rowbuf *b, const reg_dataset *ds, const char *col,
                         const char *s)
{
    set_text(g, b, registry_col_must(ds, col), s);
}

/* An enum value as its scip.proto name; an unknown value as its decimal string. */
static const char *enum_name(const ProtobufCEnumDescriptor *d, int value, char buf[16])
{
    const ProtobufCEnumValue *v = protobuf_c_enum_descriptor_get_value(d, value);
    if (v)
        return v->name;
    snprintf(buf, 16, "%d", value);
    return buf;
}

static void problem(ingest *g, const char *path, int64_t file_id, const char *code,
                    const char *severity, const char *message)
{
    lens_file f = {.path = path, .file_id = file_id};
    lens_emit_problem(g->sink, &f, "scip", code, severity, message, -1, 0);
    g->st->problems++;
}

static void index_problem(ingest *g, const char *code, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void index_problem(ingest *g, const char *code, const char *fmt, ...)
{
    char msg[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    problem(g, g->files->index_row_path, g->files->index_row_file_id, code, "error", msg);
}

/* ---- metadata ----------------------------------------------------------------------- */

static void replace_str(char **dst, const char *src)
{
    if (!src || !*src)
        return;
    core_free(*dst);
    *dst = core_strdup(src);
}

static void merge_metadata(ingest *g, const Scip__Metadata *m)
{
    g->have_meta = true;
    g->st->metadata_messages++;
    if (m->version)
        g->version = m->version;
    if (m->text_document_encoding)
        g->text_encoding = m->text_document_encoding;
    replace_str(&g->project_root, m->project_root);
    if (m->tool_info) {
        replace_str(&g->tool_name, m->tool_info->name);
        replace_str(&g->tool_version, m->tool_info->version);
        for (size_t i = 0; i < m->tool_info->n_arguments; i++) {
            if (g->tool_args.len)
                sbuf_putc(&g->tool_args, ' ');
            sbuf_puts(&g->tool_args, m->tool_info->arguments[i]);
        }
    }
}

static void kv(rowbuf *b, size_t col, const char *k, const char *v)
{
    const char *f[2] = {k, v};
    rowbuf_list_push_tuple(b, col, f);
}

static void emit_metadata(ingest *g, const char *source)
{
    const reg_dataset *ds;
    rowbuf *b = rows(g, "scip_metadata_v1", &ds);
    if (!b)
        return;
    char e1[16], e2[16], num[32];
    rowbuf_add_row(b);
    if (g->have_meta) {
        set_col_text(g, b, ds, "tool_name", g->tool_name);
        set_col_text(g, b, ds, "tool_version", g->tool_version);
        set_col_text(g, b, ds, "project_root", g->project_root);
        rowbuf_set_cstr(b, registry_col_must(ds, "text_document_encoding"),
                        enum_name(&scip__text_encoding__descriptor, g->text_encoding, e1));
        rowbuf_set_cstr(b, registry_col_must(ds, "protocol_version"),
                        enum_name(&scip__protocol_version__descriptor, g->version, e2));
    }
    size_t c = registry_col_must(ds, "meta");
    rowbuf_list_begin(b, c);
    kv(b, c, "source", source);
    if (!g->files->index_name) { /* the user's index; the pipeline's own is transient */
        sbuf_reset(&g->tmp);
        utf8_append_repaired(&g->tmp, g->index_path, strlen(g->index_path));
        kv(b, c, "index_path", g->tmp.data);
    }
    snprintf(num, sizeof num, "%lld", (long long)g->st->metadata_messages);
    kv(b, c, "metadata_messages", num);
    snprintf(num, sizeof num, "%lld", (long long)g->st->index_bytes);
    kv(b, c, "index_bytes", num);
    kv(b, c, "complete", g->st->complete ? "true" : "false");
    if (g->tool_args.len) {
        sbuf_reset(&g->tmp);
        utf8_append_repaired(&g->tmp, g->tool_args.data, g->tool_args.len);
        kv(b, c, "tool_arguments", g->tmp.data);
    }
}

/* ---- occurrences and diagnostics ------------------------------------------------------ */

/* A range normalised to four ints; false when its length is not 3 or 4. */
static bool range4(const int32_t *r, size_t n, int32_t out[4])
{
    if (n == 4) {
        memcpy(out, r, 4 * sizeof *r);
        return true;
    }
    if (n == 3) {
        out[0] = r[0];
        out[1] = r[1];
        out[2] = r[0];
        out[3] = r[2];
        return true;
    }
    return false;
}

/* The document being emitted. */
typedef struct {
    const char *path; /* UTF-8 repaired */
    int64_t document_id;
    int64_t file_id; /* -1: no scanned file */
    scip_lines *lines;
    scip_unit unit;
    const char *col_unit;
    const char *missing_reason; /* why there are no lines (scip_span_errors_v1.reason) */
} doc_ctx;

/* Maps r (four ints) to [*bs, *be); returns NULL or the reason it failed. */
static const char *map_range(doc_ctx *d, const int32_t r[4], int64_t *bs, int64_t *be)
{
    if (!d->lines)
        return d->missing_reason;
    if (r[0] > r[2] || (r[0] == r[2] && r[1] > r[3]))
        return "reversed_range";
    scip_map_status s = scip_lines_offset(d->lines, r[0], r[1], d->unit, bs);
    if (s == SCIP_MAP_OK)
        s = scip_lines_offset(d->lines, r[2], r[3], d->unit, be);
    return s == SCIP_MAP_OK ? NULL : scip_map_status_name(s);
}

static int64_t occ_id(const char *prefix, int64_t doc_id, int64_t ordinal, const int32_t *r)
{
    id_builder ib;
    id_begin(&ib, prefix);
    id_add_ref(&ib, "scip_doc", doc_id);
    id_add_i64(&ib, ordinal);
    for (int k = 0; k < 4; k++) {
        if (r)
            id_add_i64(&ib, r[k]);
        else
            id_add_cstr(&ib, ID_NULL_SENTINEL);
    }
    return id_finish(&ib);
}

static void set_range(rowbuf *b, const reg_dataset *ds, const char *const names[4],
                      const int32_t *r)
{
    if (!r)
        return;
    for (int k = 0; k < 4; k++)
        rowbuf_set_i32(b, registry_col_must(ds, names[k]), r[k]);
}

static const char *const range_cols[4] = {"start_line", "start_char", "end_line", "end_char"};
static const char *const enc_cols[4] = {"enc_start_line", "enc_start_char", "enc_end_line",
                                        "enc_end_char"};

static void span_error(ingest *g, doc_ctx *d, int64_t occurrence_id, const char *reason,
                       const int32_t *r, size_t n)
{
    g->st->span_errors++;
    const reg_dataset *ds;
    rowbuf *b = rows(g, "scip_span_errors_v1", &ds);
    if (!b)
        return;
    rowbuf_add_row(b);
    rowbuf_set_i64(b, registry_col_must(ds, "document_id"), d->document_id);
    rowbuf_set_cstr(b, registry_col_must(ds, "path"), d->path);
    rowbuf_set_cstr(b, registry_col_must(ds, "reason"), reason);
    rowbuf_set_i64(b, registry_col_must(ds, "occurrence_id"), occurrence_id);
    sbuf_reset(&g->tmp);
    sbuf_puts(&g->tmp, "range [");
    for (size_t k = 0; k < n && k < 8; k++)
        sbuf_printf(&g->tmp, "%s%d", k ? ", " : "", (int)r[k]);
    sbuf_printf(&g->tmp, "%s] (%s)", n > 8 ? ", ..." : "", d->col_unit);
    rowbuf_set_str(b, registry_col_must(ds, "detail"), g->tmp.data, g->tmp.len);
}

static void emit_diagnostics(ingest *g, doc_ctx *d, const Scip__Occurrence *o, const int32_t *r,
                             bool mapped, int64_t bs, int64_t be)
{
    const reg_dataset *ds;
    rowbuf *b = rows(g, "scip_diagnostics_v1", &ds);
    for (size_t i = 0; i < o->n_diagnostics; i++) {
        const Scip__Diagnostic *x = o->diagnostics[i];
        int64_t ordinal = g->diag_ordinal++;
        g->st->diagnostics++;
        if (!b)
            continue;
        char e[16];
        rowbuf_add_row(b);
        set_range(b, ds, range_cols, r);
        rowbuf_set_i64(b, registry_col_must(ds, "diagnostic_id"),
                       occ_id("scip_diag", d->document_id, ordinal, r));
        rowbuf_set_i64(b, registry_col_must(ds, "document_id"), d->document_id);
        rowbuf_set_cstr(b, registry_col_must(ds, "path"), d->path);
        if (d->file_id >= 0)
            rowbuf_set_i64(b, registry_col_must(ds, "file_id"), d->file_id);
        if (mapped) {
            rowbuf_set_i64(b, registry_col_must(ds, "bstart"), bs);
            rowbuf_set_i64(b, registry_col_must(ds, "bend"), be);
        }
        rowbuf_set_cstr(b, registry_col_must(ds, "severity"),
                        enum_name(&scip__severity__descriptor, x->severity, e));
        set_col_text(g, b, ds, "code", x->code);
        set_col_text(g, b, ds, "message", x->message);
        set_col_text(g, b, ds, "source", x->source);
        size_t tc = registry_col_must(ds, "tags");
        rowbuf_list_begin(b, tc);
        for (size_t t = 0; t < x->n_tags; t++) {
            const char *name = enum_name(&scip__diagnostic_tag__descriptor, x->tags[t], e);
            rowbuf_list_push_str(b, tc, name, strlen(name));
        }
    }
}

static const struct {
    const char *col;
    int32_t bit;
} role_cols[] = {
    {"is_definition", 0x1},
    {"is_import", 0x2},
    {"is_write", 0x4},
    {"is_read", 0x8},
    {"is_generated", 0x10},
    {"is_test", 0x20},
    {"is_forward_definition", 0x40},
};

static void emit_occurrence(ingest *g, doc_ctx *d, const reg_dataset *ds, rowbuf *b,
                            const Scip__Occurrence *o)
{
    int32_t r[4], er[4];
    bool have_r = range4(o->range, o->n_range, r);
    bool have_er = range4(o->enclosing_range, o->n_enclosing_range, er);
    int64_t ordinal = g->occ_ordinal++;
    int64_t id = occ_id("scip_occ", d->document_id, ordinal, have_r ? r : NULL);
    int64_t bs = 0, be = 0, ebs = 0, ebe = 0;
    const char *why = have_r ? map_range(d, r, &bs, &be) : "invalid_range_len";
    bool enc_ok = have_er && d->lines && !map_range(d, er, &ebs, &ebe);
    g->st->occurrences++;
    if (why)
        span_error(g, d, id, why, o->range, o->n_range);
    else
        g->st->mapped++;
    if (b) {
        char e[16];
        rowbuf_add_row(b);
        set_range(b, ds, range_cols, have_r ? r : NULL);
        rowbuf_set_i32(b, registry_col_must(ds, "range_len"), have_r ? (int32_t)o->n_range : 0);
        if (have_er) {
            set_range(b, ds, enc_cols, er);
            rowbuf_set_i32(b, registry_col_must(ds, "enc_range_len"),
                           (int32_t)o->n_enclosing_range);
        }
        rowbuf_set_i64(b, registry_col_must(ds, "occurrence_id"), id);
        rowbuf_set_i64(b, registry_col_must(ds, "document_id"), d->document_id);
        rowbuf_set_cstr(b, registry_col_must(ds, "path"), d->path);
        set_col_text(g, b, ds, "symbol", o->symbol);
        rowbuf_set_i32(b, registry_col_must(ds, "symbol_roles"), o->symbol_roles);
        rowbuf_set_cstr(b, registry_col_must(ds, "syntax_kind"),
                        enum_name(&scip__syntax_kind__descriptor, o->syntax_kind, e));
        size_t oc = registry_col_must(ds, "override_documentation");
        rowbuf_list_begin(b, oc);
        for (size_t i = 0; i < o->n_override_documentation; i++)
            push_text(g, b, oc, o->override_documentation[i]);
        if (d->file_id >= 0)
            rowbuf_set_i64(b, registry_col_must(ds, "file_id"), d->file_id);
        if (!why) {
            rowbuf_set_i64(b, registry_col_must(ds, "bstart"), bs);
            rowbuf_set_i64(b, registry_col_must(ds, "bend"), be);
        }
        if (enc_ok) {
            rowbuf_set_i64(b, registry_col_must(ds, "enc_bstart"), ebs);
            rowbuf_set_i64(b, registry_col_must(ds, "enc_bend"), ebe);
        }
        rowbuf_set_i32(b, registry_col_must(ds, "line_base"), 0);
        rowbuf_set_cstr(b, registry_col_must(ds, "col_unit"), d->col_unit);
        for (size_t k = 0; k < sizeof role_cols / sizeof role_cols[0]; k++)
            rowbuf_set_bool(b, registry_col_must(ds, role_cols[k].col),
                            (o->symbol_roles & role_cols[k].bit) != 0);
    }
    emit_diagnostics(g, d, o, have_r ? r : NULL, !why, bs, be);
}

/* ---- symbols ------------------------------------------------------------------------ */

/* SymbolInformation.signature_documentation as JSON text {text, language, occurrences:
 * [{symbol, symbol_roles, range}]}, or NULL when absent. Caller frees with core_free. */
static char *signature_json(const Scip__Document *sd)
{
    if (!sd)
        return NULL;
    json_t *occ = json_array();
    for (size_t i = 0; i < sd->n_occurrences; i++) {
        const Scip__Occurrence *o = sd->occurrences[i];
        json_t *r = json_array();
        for (size_t k = 0; k < o->n_range; k++)
            json_array_append_new(r, json_integer(o->range[k]));
        json_array_append_new(occ, json_pack("{s:s?, s:i, s:o}", "symbol", o->symbol,
                                             "symbol_roles", (int)o->symbol_roles, "range", r));
    }
    json_t *j = json_pack("{s:s?, s:s?, s:o}", "text", sd->text, "language", sd->language,
                          "occurrences", occ);
    char *s = j ? json_dumps(j, JSON_COMPACT | JSON_ENSURE_ASCII) : NULL;
    json_decref(j);
    if (!s)
        return NULL;
    char *out = core_strdup(s);
    free(s); /* jansson's allocation */
    return out;
}

static void emit_relationships(ingest *g, const Scip__SymbolInformation *si)
{
    const reg_dataset *ds;
    rowbuf *b = rows(g, "scip_symbol_relationships_v1", &ds);
    for (size_t i = 0; i < si->n_relationships; i++) {
        const Scip__Relationship *r = si->relationships[i];
        if (!si->symbol || !*si->symbol || !r->symbol || !*r->symbol)
            continue; /* reference §9.9: skipped when either symbol is missing */
        g->st->relationships++;
        if (!b)
            continue;
        id_builder ib;
        id_begin(&ib, "scip_rel");
        id_add_cstr(&ib, si->symbol);
        id_add_cstr(&ib, r->symbol);
        id_add_bool(&ib, r->is_reference);
        id_add_bool(&ib, r->is_implementation);
        id_add_bool(&ib, r->is_type_definition);
        id_add_bool(&ib, r->is_definition);
        rowbuf_add_row(b);
        rowbuf_set_i64(b, registry_col_must(ds, "relationship_id"), id_finish(&ib));
        set_col_text(g, b, ds, "symbol", si->symbol);
        set_col_text(g, b, ds, "related_symbol", r->symbol);
        rowbuf_set_bool(b, registry_col_must(ds, "is_reference"), r->is_reference);
        rowbuf_set_bool(b, registry_col_must(ds, "is_implementation"), r->is_implementation);
        rowbuf_set_bool(b, registry_col_must(ds, "is_type_definition"), r->is_type_definition);
        rowbuf_set_bool(b, registry_col_must(ds, "is_definition"), r->is_definition);
    }
}

/* One SymbolInformation into dataset (scip_symbol_info_v1 or the external one). */
static void emit_symbol(ingest *g, const char *dataset, const char *prefix,
                        const Scip__SymbolInformation *si)
{
    const reg_dataset *ds;
    rowbuf *b = rows(g, dataset, &ds);
    if (!b)
        return;
    char e[16];
    rowbuf_add_row(b);
    rowbuf_set_i64(b, registry_col_must(ds, "symbol_info_id"),
                   id_of_strings(prefix, 1, (const char *const[]){si->symbol ? si->symbol : ""}));
    set_col_text(g, b, ds, "symbol", si->symbol);
    set_col_text(g, b, ds, "display_name", si->display_name);
    rowbuf_set_cstr(b, registry_col_must(ds, "kind"),
                    enum_name(&scip__symbol_information__kind__descriptor, si->kind, e));
    set_col_text(g, b, ds, "enclosing_symbol", si->enclosing_symbol);
    size_t dc = registry_col_must(ds, "documentation");
    rowbuf_list_begin(b, dc);
    for (size_t i = 0; i < si->n_documentation; i++)
        push_text(g, b, dc, si->documentation[i]);
    char *sig = signature_json(si->signature_documentation);
    if (sig)
        rowbuf_set_cstr(b, registry_col_must(ds, "signature_documentation"), sig);
    core_free(sig);
}

/* ---- documents ---------------------------------------------------------------------- */

/* True when path is a canonical relative POSIX path (SCIP's own rules for relative_path):
 * not empty, no leading '/', no empty, "." or ".." components, no backslash or NUL. */
static bool safe_path(const char *p)
{
    if (!*p || *p == '/')
        return false;
    for (const char *c = p; *c;) {
        const char *e = strchr(c, '/');
        size_t n = e ? (size_t)(e - c) : strlen(c);
        if (n == 0 || (n == 1 && c[0] == '.') || (n == 2 && c[0] == '.' && c[1] == '.'))
            return false;
        if (memchr(c, '\\', n))
            return false;
        c += n + (e ? 1 : 0);
        if (e && !*c)
            return false; /* trailing '/' */
    }
    return true;
}

/* Remembers doc_id; false when it was already there. */
static bool first_sight(ingest *g, int64_t doc_id)
{
    uint64_t key = (uint64_t)doc_id | 1; /* never 0 */
    if (g->seen_n * 2 >= g->seen_cap) {
        size_t cap = g->seen_cap ? g->seen_cap * 2 : 1024;
        uint64_t *t = core_calloc(cap, sizeof *t);
        for (size_t i = 0; i < g->seen_cap; i++) {
            if (!g->seen[i])
                continue;
            size_t j = (size_t)(g->seen[i] * 0x9E3779B97F4A7C15u) & (cap - 1);
            while (t[j])
                j = (j + 1) & (cap - 1);
            t[j] = g->seen[i];
        }
        core_free(g->seen);
        g->seen = t;
        g->seen_cap = cap;
    }
    size_t j = (size_t)(key * 0x9E3779B97F4A7C15u) & (g->seen_cap - 1);
    while (g->seen[j]) {
        if (g->seen[j] == key)
            return false;
        j = (j + 1) & (g->seen_cap - 1);
    }
    g->seen[j] = key;
    g->seen_n++;
    return true;
}

static void doc_unit(doc_ctx *d, int enc)
{
    switch (enc) {
    case SCIP__POSITION_ENCODING__UTF8CodeUnitOffsetFromLineStart:
        d->unit = SCIP_UNIT_UTF8;
        d->col_unit = "utf8";
        break;
    case SCIP__POSITION_ENCODING__UTF32CodeUnitOffsetFromLineStart:
        d->unit = SCIP_UNIT_UTF32;
        d->col_unit = "utf32";
        break;
    default: /* UTF-16 and unspecified: scip-python's pyright/LSP positions */
        d->unit = SCIP_UNIT_UTF16;
        d->col_unit = "utf16";
        break;
    }
}

/* Resolves the document's file: sets file_id, lines, missing_reason; emits the problem row
 * once per path. */
static void doc_resolve(ingest *g, doc_ctx *d, const char *raw_path, bool first)
{
    d->file_id = -1;
    if (!safe_path(raw_path)) {
        d->missing_reason = "unsafe_document_path";
        if (first) {
            char msg[512];
            snprintf(msg, sizeof msg,
                     "SCIP document path is not a canonical path inside the repository: '%.300s'",
                     d->path);
            problem(g, d->path, g->files->index_row_file_id, "scip_document_unsafe_path", "warning",
                    msg);
        }
        return;
    }
    lens_scip_file f = {0};
    lens_scip_file_status s = g->files->lookup(g->files->ctx, raw_path, &f);
    d->file_id = f.file_id;
    if (s == LENS_SCIP_FILE_FOUND) {
        d->lines = scip_lines_new(f.bytes, f.len);
        return;
    }
    d->missing_reason = "missing_repo_text_for_path";
    if (first)
        problem(g, d->path, f.file_id,
                s == LENS_SCIP_FILE_NOT_SCANNED ? "scip_document_not_scanned"
                                                : "scip_document_unreadable",
                "warning",
                s == LENS_SCIP_FILE_NOT_SCANNED
                    ? "SCIP document is not among the scanned files; its ranges are not mapped"
                    : "SCIP document's file could not be read; its ranges are not mapped");
}

static void emit_document(ingest *g, const Scip__Document *sd)
{
    doc_ctx d = {0};
    const char *raw = sd->relative_path ? sd->relative_path : "";
    size_t n = strlen(raw);
    sbuf path = SBUF_INIT;
    utf8_append_repaired(&path, raw, n);
    d.path = path.data ? path.data : "";
    d.document_id = id_of_strings("scip_doc", 1, (const char *const[]){d.path});
    doc_unit(&d, sd->position_encoding);
    bool first = first_sight(g, d.document_id);
    doc_resolve(g, &d, raw, first);
    g->st->documents += first;
    const reg_dataset *ds;
    rowbuf *b = first ? rows(g, "scip_documents_v1", &ds) : NULL;
    if (b) {
        char e[16];
        rowbuf_add_row(b);
        rowbuf_set_i64(b, registry_col_must(ds, "document_id"), d.document_id);
        rowbuf_set_cstr(b, registry_col_must(ds, "path"), d.path);
        set_col_text(g, b, ds, "language", sd->language);
        rowbuf_set_cstr(b, registry_col_must(ds, "position_encoding"),
                        enum_name(&scip__position_encoding__descriptor, sd->position_encoding, e));
        if (d.file_id >= 0)
            rowbuf_set_i64(b, registry_col_must(ds, "file_id"), d.file_id);
        rowbuf_set_cstr(b, registry_col_must(ds, "col_unit"), d.col_unit);
    }
    const reg_dataset *ods;
    rowbuf *ob = rows(g, "scip_occurrences_v1", &ods);
    for (size_t i = 0; i < sd->n_occurrences; i++)
        emit_occurrence(g, &d, ods, ob, sd->occurrences[i]);
    for (size_t i = 0; i < sd->n_symbols; i++) {
        g->st->symbols++;
        emit_symbol(g, "scip_symbol_info_v1", "scip_sym", sd->symbols[i]);
        emit_relationships(g, sd->symbols[i]);
    }
    scip_lines_free(d.lines);
    sbuf_free(&path);
}

/* ---- the top-level walk ---------------------------------------------------------------- */

/* Reads a varint at *pos; false when the buffer ends first or it exceeds 64 bits. */
static bool varint(const uint8_t *p, size_t n, size_t *pos, uint64_t *v)
{
    uint64_t x = 0;
    for (int shift = 0; shift < 64; shift += 7) {
        if (*pos >= n)
            return false;
        uint8_t c = p[(*pos)++];
        x |= (uint64_t)(c & 0x7F) << shift;
        if (!(c & 0x80)) {
            *v = x;
            return true;
        }
    }
    return false;
}

/* One top-level field of payload [p, p+len): decoded, emitted, freed. False when it does not
 * decode (the caller records it and stops). */
static bool top_field(ingest *g, uint64_t field, const uint8_t *p, size_t len)
{
    ProtobufCMessage *m = NULL;
    switch (field) {
    case 1:
        m = (ProtobufCMessage *)scip__metadata__unpack(&pb_allocator, len, p);
        if (m)
            merge_metadata(g, (Scip__Metadata *)m);
        break;
    case 2:
        m = (ProtobufCMessage *)scip__document__unpack(&pb_allocator, len, p);
        if (m)
            emit_document(g, (Scip__Document *)m);
        break;
    case 3:
        m = (ProtobufCMessage *)scip__symbol_information__unpack(&pb_allocator, len, p);
        if (m) {
            g->st->external_symbols++;
            emit_symbol(g, "scip_external_symbol_info_v1", "scip_ext_sym",
                        (Scip__SymbolInformation *)m);
        }
        break;
    default:
        return true; /* an Index field pycpg does not know: skipped, as protobuf does */
    }
    if (!m)
        return false;
    protobuf_c_message_free_unpacked(m, &pb_allocator);
    return true;
}

static const char *const field_names[] = {"", "metadata", "document", "external symbol"};

/* Walks the fields of buf; stops at the first malformed one (a row says where). */
static pc_status walk(ingest *g, const uint8_t *buf, size_t n, pc_err *err)
{
    size_t pos = 0;
    while (pos < n) {
        size_t at = pos;
        uint64_t tag = 0, len = 0;
        if (!varint(buf, n, &pos, &tag) || (tag >> 3) == 0) {
            index_problem(g, "scip_index_malformed", "%s: malformed field tag at byte %zu",
                          g->index_name, at);
            return PC_OK;
        }
        uint64_t field = tag >> 3, wt = tag & 7;
        bool ok = true;
        if (wt == 0)
            ok = varint(buf, n, &pos, &len);
        else if (wt == 1 || wt == 5) {
            size_t w = wt == 1 ? 8 : 4;
            ok = n - pos >= w;
            pos += ok ? w : 0;
        } else if (wt == 2) {
            ok = varint(buf, n, &pos, &len) && len <= n - pos;
            if (ok && !top_field(g, field, buf + pos, (size_t)len)) {
                index_problem(g, "scip_index_malformed",
                              "%s: the %s field at byte %zu (%llu bytes) does not decode as SCIP",
                              g->index_name, field <= 3 ? field_names[field] : "unknown", at,
                              (unsigned long long)len);
                return PC_OK;
            }
            pos += ok ? (size_t)len : 0;
            if (ok && field == 2) {
                pc_status rc = g->files->flush(g->files->ctx, err);
                if (rc != PC_OK)
                    return rc;
            }
        } else
            ok = false;
        if (!ok) {
            index_problem(g, "scip_index_malformed",
                          "%s: field %llu at byte %zu is truncated or has wire type %llu",
                          g->index_name, (unsigned long long)field, at, (unsigned long long)wt);
            return PC_OK;
        }
    }
    g->st->complete = true;
    return PC_OK;
}

/* ---- ingest --------------------------------------------------------------------------- */

/* Reads the whole index into *buf (caller frees); false (and a row) when it cannot. */
static bool read_index(ingest *g, uint8_t **buf, size_t *n)
{
    int fd = open(g->index_path, O_RDONLY | O_CLOEXEC);
    struct stat sb;
    if (fd < 0 || fstat(fd, &sb) != 0 || !S_ISREG(sb.st_mode)) {
        index_problem(g, "scip_index_unreadable", "%s: %s", g->index_name,
                      fd < 0 ? strerror(errno) : "not a regular file");
        if (fd >= 0)
            close(fd);
        return false;
    }
    if (sb.st_size > INDEX_MAX_BYTES) {
        index_problem(g, "scip_index_too_large", "%s: %lld bytes (limit %lld)", g->index_name,
                      (long long)sb.st_size, (long long)INDEX_MAX_BYTES);
        close(fd);
        return false;
    }
    size_t cap = (size_t)sb.st_size, got = 0;
    uint8_t *p = core_malloc(cap ? cap : 1);
    while (got < cap) {
        ssize_t k = read(fd, p + got, cap - got);
        if (k < 0 && errno == EINTR)
            continue;
        if (k <= 0)
            break;
        got += (size_t)k;
    }
    close(fd);
    if (got < cap) {
        index_problem(g, "scip_index_unreadable", "%s: short read (%zu of %zu bytes)",
                      g->index_name, got, cap);
        core_free(p);
        return false;
    }
    *buf = p;
    *n = got;
    return true;
}

pc_status lens_scip_ingest(const char *index_path, const char *source, const lens_scip_files *files,
                           const lens_sink *sink, lens_scip_stats *st, pc_err *err)
{
    double t0 = clock_now();
    memset(st, 0, sizeof *st);
    ingest g = {.files = files, .sink = sink, .st = st, .index_path = index_path};
    g.index_name = files->index_name ? files->index_name : index_path;
    uint8_t *buf = NULL;
    size_t n = 0;
    pc_status rc = PC_OK;
    if (read_index(&g, &buf, &n)) {
        st->index_bytes = (int64_t)n;
        rc = walk(&g, buf, n, err);
    }
    if (rc == PC_OK)
        emit_metadata(&g, source);
    if (rc == PC_OK)
        rc = files->flush(files->ctx, err);
    core_free(buf);
    core_free(g.tool_name);
    core_free(g.tool_version);
    core_free(g.project_root);
    core_free(g.seen);
    sbuf_free(&g.tool_args);
    sbuf_free(&g.tmp);
    st->seconds = clock_now() - t0;
    return rc;
}
