/*
 * cmd_datasets.c — `pycpg datasets [--json | --markdown]`: the registry, as a table, as JSON,
 * or as the Markdown reference committed as docs/datasets.md (every dataset with its columns,
 * and every CPG node and edge kind with the evidence it is emitted from). Everything printed
 * comes from the registry's tables (src/registry) and the kinds' (src/link, read through
 * link.h); this file only renders them.
 */
#include "cli.h"

#include "../link/link.h"

#include <ctype.h>
#include <jansson.h>
#include <string.h>

const char cli_help_datasets[] =
    "usage: pycpg datasets [--json | --markdown]\n"
    "\n"
    "Lists every dataset pycpg writes: name, family, stage, column count, join keys and\n"
    "what one row is. --json prints the full registry: every column with its type,\n"
    "nullability, contract flags and meaning, and the metadata written to each Parquet\n"
    "footer. --markdown prints the reference docs/datasets.md is generated from: every\n"
    "dataset with its columns, and every CPG node and edge kind with the evidence it is\n"
    "emitted from (regenerate with `pycpg datasets --markdown > docs/datasets.md`).\n";

static json_t *dataset_json(const reg_dataset *ds)
{
    json_t *cols = json_array();
    for (size_t i = 0; i < ds->ncols; i++) {
        const reg_column *c = &ds->cols[i];
        json_array_append_new(cols, json_pack("{s:s, s:s, s:b, s:b, s:s, s:s?}", "name", c->name,
                                              "type", reg_type_sql(c->type), "nullable",
                                              !(c->flags & REG_REQUIRED), "dictionary",
                                              (c->flags & REG_DICT) != 0, "doc",
                                              c->doc ? c->doc : "", "sparse_recipe", c->derive));
    }
    json_t *meta = json_object();
    for (const reg_kv *kv = registry_metadata(ds); kv->key; kv++)
        json_object_set_new(meta, kv->key, json_string(kv->value));
    return json_pack("{s:s, s:i, s:s, s:s, s:s, s:s, s:o, s:o, s:s}", "name", ds->name, "version",
                     ds->version, "family", ds->family->name, "stage", ds->family->stage,
                     "join_keys", ds->join_keys, "row_doc", ds->row_doc ? ds->row_doc : "",
                     "columns", cols, "metadata", meta, "schema_fingerprint",
                     registry_schema_fingerprint(ds));
}

static void print_json(void)
{
    json_t *all = json_array();
    for (size_t i = 0; i < registry_count(); i++)
        json_array_append_new(all, dataset_json(registry_at(i)));
    json_dumpf(all, stdout, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
    fputc('\n', stdout);
    json_decref(all);
}

static void print_table(void)
{
    printf("%-34s %-16s %-9s %4s  %s\n", "dataset", "family", "stage", "cols", "one row is");
    for (size_t i = 0; i < registry_count(); i++) {
        const reg_dataset *ds = registry_at(i);
        printf("%-34s %-16s %-9s %4zu  %s\n", ds->name, ds->family->name, ds->family->stage,
               ds->ncols, ds->row_doc ? ds->row_doc : "");
    }
    printf("(%zu datasets; `pycpg datasets --json` or `--markdown` for columns and types)\n",
           registry_count());
}

/* ---- --markdown ------------------------------------------------------------------------- */

/* Text of the registry in a Markdown table cell or paragraph: characters Markdown would read
 * as markup are escaped ('_' only at a word's edge, so file_id stays readable). */
static void md_text(const char *s)
{
    for (const char *p = s; *p; p++) {
        char c = *p;
        if (c == '<')
            fputs("&lt;", stdout);
        else if (c == '>')
            fputs("&gt;", stdout);
        else if (c == '*' || c == '|' || c == '\\' || c == '`')
            printf("\\%c", c);
        else if (c == '_' &&
                 (p == s || !isalnum((unsigned char)p[-1]) || !isalnum((unsigned char)p[1])))
            fputs("\\_", stdout);
        else
            fputc(c, stdout);
    }
}

/* A comma-separated list as `a`, `b`; "—" when empty. */
static void md_code_list(const char *list)
{
    if (!list || !*list) {
        fputs("—", stdout);
        return;
    }
    const char *p = list;
    while (*p) {
        size_t n = strcspn(p, ",");
        printf("%s`%.*s`", p == list ? "" : ", ", (int)n, p);
        p += n;
        if (*p == ',')
            p++;
    }
}

/* The relations an emitter reads, from its `from` (a name, or a parenthesised SELECT): every
 * registry dataset and link-stage relation (lk_*) it names, once each, in order of appearance. */
static void md_relations(const char *from)
{
    if (*from != '(') {
        printf("`%s`", from);
        return;
    }
    char seen[16][64];
    size_t nseen = 0;
    const char *p = from;
    while (*p) {
        if (!(isalnum((unsigned char)*p) || *p == '_')) {
            p++;
            continue;
        }
        const char *w = p;
        while (isalnum((unsigned char)*p) || *p == '_')
            p++;
        size_t n = (size_t)(p - w);
        char word[64];
        if (n >= sizeof word)
            continue;
        memcpy(word, w, n);
        word[n] = '\0';
        if (!registry_find(word) && strncmp(word, "lk_", 3) != 0)
            continue;
        bool dup = false;
        for (size_t i = 0; i < nseen && !dup; i++)
            dup = strcmp(seen[i], word) == 0;
        if (dup || nseen == sizeof seen / sizeof seen[0])
            continue;
        printf("%s`%s`", nseen ? " + " : "", word);
        memcpy(seen[nseen++], word, n + 1);
    }
}

static void md_families(void)
{
    printf("## Families\n\n"
           "A family is what the datasets of one evidence source share: the stage that writes\n"
           "them, their evidence rank (lower is stronger; ranked families' datasets end with\n"
           "`evidence_rank` and `confidence` columns) and their coordinate system.\n\n"
           "| family | stage | evidence rank | confidence | coordinates | what it is |\n"
           "|---|---|---|---|---|---|\n");
    for (size_t i = 0; i < registry_family_count(); i++) {
        const reg_family *f = registry_family_at(i);
        printf("| `%s` | %s | ", f->name, f->stage);
        if (f->evidence_rank)
            printf("%d | %.2f", f->evidence_rank, (double)f->confidence);
        else
            fputs("— | —", stdout);
        printf(" | %s | ", f->coordinate_system);
        md_text(f->doc);
        fputs(" |\n", stdout);
    }
    fputc('\n', stdout);
}

static const char sparse_doc[] =
    "## Sparse id columns\n\n"
    "Some id columns are a stable id's recipe over other columns of the same row (a span id\n"
    "is a function of the file, start and end); their rows below say \"stored sparse\" and give\n"
    "the recipe. In the Parquet files such a column holds NULL where the recipe gives the value,\n"
    "and the value itself only where it does not (a path that was not UTF-8): a random\n"
    "64-bit id costs 8 bytes a row whatever the compression, a column of NULLs next to\n"
    "nothing. (The ids of tree-sitter nodes and instructions are file-local instead, numbers\n"
    "that follow each other and compress: [ids.md](ids.md#file-local-ids).) `pycpg query`,\n"
    "the link stage and the Arrow snapshots (`--format ipc`, `pycpg export`) put every value\n"
    "back with\n"
    "`coalesce(column, recipe)`, so their rows are the same as with the column stored whole;\n"
    "`pycpg query` also offers the recipes' function `pycpg_id`. A reader of the raw Parquet\n"
    "files computes the value the same way: the recipe is also in each file's footer (key\n"
    "`sparse_columns`), and `pycpg_id(prefix, part, …)` is BLAKE2b with an 8-byte digest over\n"
    "the prefix and the parts (integers in decimal, booleans `true`/`false`) joined by the byte\n"
    "0x1F, read big-endian, top bit cleared; NULL when a part is NULL ([ids.md](ids.md)). In\n"
    "Python:\n\n"
    "```python\n"
    "import hashlib\n\n"
    "def pycpg_id(*parts):\n"
    "    text = \"\\x1f\".join(str(p) for p in parts).encode()\n"
    "    digest = hashlib.blake2b(text, digest_size=8).digest()\n"
    "    return int.from_bytes(digest, \"big\") & 0x7FFFFFFFFFFFFFFF\n"
    "\n"
    "# a row of ts_nodes_v1 read raw, its span_id NULL:\n"
    "span_id = pycpg_id(\"span\", f\"file:{file_id}\", start_byte, end_byte)\n"
    "```\n\n"
    "`PYCPG_SPARSE=off` in the environment of `pycpg build` writes every column whole.\n\n";

static void md_dataset(const reg_dataset *ds)
{
    printf("### `%s`\n\n", ds->name);
    fputs("One row is ", stdout);
    md_text(ds->row_doc ? ds->row_doc : "");
    printf(". Version %d, family `%s` (stage %s). Key: ", ds->version, ds->family->name,
           ds->family->stage);
    md_code_list(ds->join_keys);
    printf(".\n\n| column | type | null | meaning |\n|---|---|---|---|\n");
    for (size_t i = 0; i < ds->ncols; i++) {
        const reg_column *c = &ds->cols[i];
        printf("| `%s` | %s | %s | ", c->name, reg_type_sql(c->type),
               c->flags & REG_REQUIRED ? "no" : "yes");
        md_text(c->doc ? c->doc : "");
        if (c->derive) {
            fputs("; [stored sparse](#sparse-id-columns): `", stdout);
            for (const char *p = c->derive; *p; p++) {
                if (*p == '|') /* a table cell: GFM wants the pipe escaped inside code too */
                    fputc('\\', stdout);
                fputc(*p, stdout);
            }
            fputc('`', stdout);
        }
        fputs(" |\n", stdout);
    }
    fputc('\n', stdout);
}

/* True when the f-th dataset is its family's first in registry order: datasets are listed a
 * family at a time, families in the order the registry first names them (the scan, then the
 * lenses, then the link stage). */
static bool family_starts_at(size_t f)
{
    for (size_t i = 0; i < f; i++)
        if (registry_at(i)->family == registry_at(f)->family)
            return false;
    return true;
}

static void md_datasets(void)
{
    printf("## Datasets\n\n"
           "Each dataset is a directory of Parquet parts, `OUT/<dataset>/part-*.parquet`, and a\n"
           "view of its own name in `pycpg query`. *null* says whether a column may be NULL: a\n"
           "column that may not is part of the dataset's contract, and a row that breaks it goes\n"
           "to `OUT/extract_errors/<dataset>/errors.parquet` instead. The key is the columns\n"
           "that identify a row. Types are DuckDB's (as written to Parquet).\n\n"
           "| dataset | family | stage | columns | one row is |\n|---|---|---|---|---|\n");
    for (size_t f = 0; f < registry_count(); f++)
        for (size_t i = 0; i < registry_count(); i++) {
            const reg_dataset *ds = registry_at(i);
            if (!family_starts_at(f) || ds->family != registry_at(f)->family)
                continue;
            printf("| [`%s`](#%s) | `%s` | %s | %zu | ", ds->name, ds->name, ds->family->name,
                   ds->family->stage, ds->ncols);
            md_text(ds->row_doc ? ds->row_doc : "");
            fputs(" |\n", stdout);
        }
    fputc('\n', stdout);
    for (size_t f = 0; f < registry_count(); f++)
        for (size_t i = 0; i < registry_count(); i++)
            if (family_starts_at(f) && registry_at(i)->family == registry_at(f)->family)
                md_dataset(registry_at(i));
}

static void md_kinds(bool edges)
{
    printf("## CPG %s kinds\n\n", edges ? "edge" : "node");
    printf("Every %s kind `%s` may hold (`%s` column). *anchored*: every row has a\n"
           "file and byte span (`path`, `bstart`, `bend`). *required*: properties that are\n"
           "never NULL (%s); a row without them is an error row of the\n"
           "dataset. *sources*: the evidence sources allowed to emit the kind. *emitted from*:\n"
           "each emitter of the link stage (`src/link/link_emit.c`) with its source and the\n"
           "datasets or link-stage relations (`lk_*`, whose SQL `pycpg rules --script` prints)\n"
           "it reads; repository-wide emitters run once over the whole repository, the others\n"
           "per file.\n\n",
           edges ? "edge" : "node", edges ? "cpg_edges_v1" : "cpg_nodes_v1",
           edges ? "edge_kind" : "node_kind",
           edges ? "`cpg_edges_v1` columns or `cpg_props_v1` rows" : "`cpg_props_v1` rows");
    printf("| kind | anchored | required | sources | emitted from |\n|---|---|---|---|---|\n");
    link_kind_info k;
    for (size_t i = 0; link_kind_info_at(i, &k); i++) {
        if (k.is_edge != edges)
            continue;
        printf("| `%s` | %s | ", k.name, k.anchor_required ? "yes" : "no");
        md_code_list(k.required_props);
        fputs(" | ", stdout);
        md_code_list(k.allowed_sources);
        fputs(" | ", stdout);
        const char *source, *from;
        link_scope scope;
        size_t j = 0;
        for (; link_kind_emitter(k.name, j, &source, &from, &scope); j++) {
            fputs(j ? "; " : "", stdout);
            md_relations(from);
            printf(" (%s%s)", source, scope == LINK_FILE ? "" : ", repository-wide");
        }
        if (j == 0 && strcmp(k.allowed_sources, "flows") == 0)
            fputs("`cpg_flow_edges_v1`, by `pycpg flows OUT --save` (src/flows/save.c), not by "
                  "the link stage",
                  stdout);
        else if (j == 0)
            fputs("not emitted: no evidence pycpg has (docs/decisions.md, \"Kinds and their "
                  "evidence\")",
                  stdout);
        fputs(" |\n", stdout);
    }
    fputc('\n', stdout);
}

static const char rows_doc[] =
    "## Referenced rows\n\n"
    "Most nodes and edges of the graph are a function of one evidence row: a tree-sitter\n"
    "node, an AST node, an instruction, a name. Such rows are not stored in `cpg_nodes_v1`'s\n"
    "and `cpg_edges_v1`'s files: `pycpg query` (and show, report, callgraph, flows) and `pycpg\n"
    "export` give them back from that evidence, so the rows are the same as with every row\n"
    "stored (docs/decisions.md, \"Graph rows referenced\"). An output that leaves them out has\n"
    "the file `<dataset>/_derived` beside the parts (the fingerprint of the SQL that gives them\n"
    "back); `pycpg build --copy-graph` stores them all, as `--format ipc` does (`both` and\n"
    "`pycpg export` write them into `part-derived.arrow` beside the Arrow parts).\n"
    "A kind is referenced when one emitter alone gives it, from the dataset below, each of its\n"
    "rows its own node (edge). A reader of the raw Parquet files computes, for each kind, one\n"
    "row per row of the dataset that the filter keeps, with the columns `pycpg rules --script`\n"
    "prints (its views `cpg_nodes_referenced` and `cpg_edges_referenced`), skipping rows that\n"
    "break the kind's contract or whose node ids are 0 (those are still stored, or in the\n"
    "error artifacts) and edges in `cpg_edges_v1`'s error artifact (an endpoint that is no\n"
    "node).\n\n";

static const char referenced_doc[] =
    "## Referenced props\n\n"
    "A prop whose value is a function of the evidence row its node or edge comes from (or, for\n"
    "some edge kinds, a constant) is not stored in\n"
    "`cpg_props_v1`'s files: `pycpg query` (and show, report, callgraph, flows) and `pycpg\n"
    "export` give its rows back from that evidence, so their rows are the same as with every\n"
    "prop stored (docs/decisions.md, \"Props referenced\"). An output that leaves them out has\n"
    "the file `cpg_props_v1/_derived` beside the parts (the fingerprint of the SQL that gives\n"
    "them back); `pycpg build --copy-graph` stores them all, as `--format ipc` does (`both` and\n"
    "`pycpg export` write them into `part-derived.arrow` beside the Arrow parts).\n"
    "A reader of the raw Parquet files computes the rows below: for each, one row\n"
    "`('node', <entity_id>, <prop>, <value>)` per row of the dataset that the filter keeps,\n"
    "where the value and the id are the SQL expressions given over that row, skipping rows whose\n"
    "value is NULL or whose id is 0; a prop named by several kinds of one entity gives one row\n"
    "per distinct value. `pycpg rules --script` prints the exact SQL, and the link stage's\n"
    "contracts (rows of a kind that breaks its contract have no props) are in it. Rows whose\n"
    "id is NULL or 0 are still stored, and listed by `cpg_props_quality_v1`.\n\n";

/* SQL as inline code in a table cell ('|' escaped). */
static void md_sql(const char *sql)
{
    fputc('`', stdout);
    for (const char *c = sql; *c; c++) {
        if (*c == '|')
            fputc('\\', stdout);
        fputc(*c, stdout);
    }
    fputc('`', stdout);
}

/* The last cell of a referenced row's or prop's line: its emitter's filter, or "all". */
static void md_rows_cell(const char *where)
{
    if (where)
        md_sql(where);
    else
        fputs("all", stdout);
    fputs(" |\n", stdout);
}

static void md_referenced_rows(void)
{
    fputs(rows_doc, stdout);
    link_referenced_kind k;
    for (int edge = 0; edge < 2; edge++) {
        fputs(edge ? "Edge kinds:\n\n| edge kind | dataset | rows |\n|---|---|---|\n"
                   : "Node kinds:\n\n| node kind | dataset | `node_id` | rows |\n"
                     "|---|---|---|---|\n",
              stdout);
        for (size_t i = 0; link_referenced_kind_at(i, &k); i++) {
            if (k.is_edge != edge)
                continue;
            printf("| `%s` | `%s` | ", k.kind, k.from);
            if (!edge) {
                md_sql(k.id);
                fputs(" | ", stdout);
            }
            md_rows_cell(k.where);
        }
        fputc('\n', stdout);
    }
}

static void md_referenced(void)
{
    fputs(referenced_doc, stdout);
    link_referenced_prop r;
    fputs("Node props:\n\n| node kind | prop | dataset | value | `entity_id` | rows |\n"
          "|---|---|---|---|---|---|\n",
          stdout);
    for (size_t i = 0; link_referenced_prop_at(i, &r); i++) {
        if (r.is_edge)
            continue;
        printf("| `%s` | `%s` | `%s` | ", r.kind, r.key, r.from);
        md_sql(r.value);
        fputs(" | ", stdout);
        md_sql(r.id);
        fputs(" | ", stdout);
        md_rows_cell(r.where);
    }
    fputs("\nEdge props, one row per edge of the kind in `cpg_edges_v1` (`entity_id` its "
          "`edge_id`), the value an expression over the row of the dataset the edge comes from, "
          "or a constant:\n\n| edge kind | prop | dataset | value |\n|---|---|---|---|\n",
          stdout);
    for (size_t i = 0; link_referenced_prop_at(i, &r); i++) {
        if (!r.is_edge)
            continue;
        printf("| `%s` | `%s` | %s%s%s | ", r.kind, r.key, r.from ? "`" : "",
               r.from ? r.from : "(any)", r.from ? "`" : "");
        md_sql(r.value);
        fputs(" |\n", stdout);
    }
    fputc('\n', stdout);
}

static void print_markdown(void)
{
    size_t nodes = 0, edges = 0;
    link_kind_info k;
    for (size_t i = 0; link_kind_info_at(i, &k); i++)
        k.is_edge ? edges++ : nodes++;
    printf("# pycpg datasets\n\n"
           "<!-- Generated by `pycpg datasets --markdown` from the registry (src/registry) and\n"
           "     the kinds registry (src/link/link_kinds.c); do not edit. Regenerate with\n"
           "     build/pycpg datasets --markdown > docs/datasets.md -->\n\n"
           "Every dataset `pycpg build` writes (%zu), every column with its type, whether it\n"
           "may be NULL and what it means, and every node (%zu) and edge (%zu) kind of the\n"
           "graph with the evidence it comes from. The same facts are in each Parquet file's\n"
           "footer (key-value metadata) and in `pycpg datasets --json`.\n\n"
           "- [Families](#families)\n"
           "- [Sparse id columns](#sparse-id-columns)\n"
           "- [Referenced rows](#referenced-rows)\n"
           "- [Referenced props](#referenced-props)\n"
           "- [Datasets](#datasets)\n"
           "- [CPG node kinds](#cpg-node-kinds)\n"
           "- [CPG edge kinds](#cpg-edge-kinds)\n\n",
           registry_count(), nodes, edges);
    md_families();
    fputs(sparse_doc, stdout);
    md_referenced_rows();
    md_referenced();
    md_datasets();
    md_kinds(false);
    md_kinds(true);
}

int cli_cmd_datasets(int argc, char **argv)
{
    bool json = false, markdown = false;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--json") == 0)
            json = true;
        else if (strcmp(argv[i], "--markdown") == 0)
            markdown = true;
        else
            return cli_usage_error("datasets", "unexpected argument '%s'", argv[i]);
    }
    if (json && markdown)
        return cli_usage_error("datasets", "--json and --markdown exclude each other");
    if (json)
        print_json();
    else if (markdown)
        print_markdown();
    else
        print_table();
    return CLI_EXIT_OK;
}
