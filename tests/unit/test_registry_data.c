/*
 * test_registry_data.c — checks the raw tables of src/registry/registry_data.c, without the
 * expansion code of registry.c: names unique, families known, join keys and column names
 * consistent, id columns BIGINT, and every extraction dataset of extract_datasets.md §1
 * present with the column count the spec gives.
 *
 * A dataset's columns are computed here the way registry.h defines the expansion:
 * bundle columns ++ fields ++ [evidence_rank, confidence] for families with a rank.
 */
#include "testlib.h"

#include "registry/registry.h"

#define MAX_COLS 64

/* Oracle: extract_datasets.md §1 rows 1-36, with the "Cols" column (which counts the
 * bundle and evidence_rank/confidence), plus pycpg's additions, counted as "+ n": edge_key
 * in py_bc_cfg_edges_v1 (§14.7) and polarity (branch outcome); bstart/bend (raw-file byte
 * spans) in py_ast_nodes_v1 and py_bc_instructions_v1, and the latter's anchor_ast_idx and
 * anchor_ast_kind (BYTECODE_ANCHOR's AST node, found by the lens); the CST columns of issue 4
 * (docs/decisions.md "CST lens"); repo_files_v1.id_prefix (file-local ids, docs/ids.md). */
static const struct {
    const char *name;
    size_t cols;
} spec_extract[] = {
    {"repo_files_v1", 10 + 1},
    {"py_ast_nodes_v1", 16 + 2},
    {"py_ast_edges_v1", 9},
    {"py_ast_errors_v1", 11},
    {"py_cst_parse_manifest_v1", 12 + 3},
    {"py_cst_parse_errors_v1", 10 + 2},
    {"py_cst_name_refs_v1", 11},
    {"py_cst_imports_v1", 17 + 1},
    {"py_cst_callsites_v1", 16 + 4},
    {"py_cst_defs_v1", 15 + 2},
    {"py_cst_type_exprs_v1", 14 + 1},
    {"py_bc_code_units_v1", 17},
    {"py_bc_instructions_v1", 21 + 4},
    {"py_bc_exception_table_v1", 13},
    {"py_bc_blocks_v1", 10},
    {"py_bc_cfg_edges_v1", 12 + 2},
    {"py_bc_errors_v1", 7},
    {"py_sym_scopes_v1", 14},
    {"py_sym_symbols_v1", 19},
    {"py_sym_scope_edges_v1", 8},
    {"py_sym_namespace_edges_v1", 9},
    {"py_sym_function_partitions_v1", 11},
    {"scip_metadata_v1", 8},
    {"scip_documents_v1", 6 + 2},     /* file_id, col_unit (SCIP lens) */
    {"scip_occurrences_v1", 19 + 14}, /* file_id, spans, line_base, col_unit, 7 role flags */
    {"scip_symbol_info_v1", 9},
    {"scip_symbol_relationships_v1", 9},
    {"scip_external_symbol_info_v1", 9},
    {"scip_diagnostics_v1", 14 + 3}, /* file_id, bstart, bend */
    {"ts_nodes_v1", 15},
    {"ts_errors_v1", 12},
    {"ts_missing_v1", 12},
    {"rt_objects_v1", 10 + 4}, /* file_id, source_name, wrapped_rt_id, unwrap_depth */
    {"rt_signatures_v1", 6},
    {"rt_signature_params_v1", 9},
    {"rt_members_v1", 9},
};

/* Oracle: the families of the brief, in order, with rank and coordinate system. */
static const struct {
    const char *name;
    const char *stage;
    int rank;
    const char *coords;
} spec_families[] = {
    {"scip", "extract", 1, "line_col"},
    {"symtable", "extract", 2, "line"},
    {"cst", "extract", 3, "bytes"},
    {"ast", "extract", 4, "line_col"},
    {"bytecode", "extract", 5, "offsets"},
    {"tree_sitter", "extract", 6, "bytes"},
    {"runtime_inspect", "extract", 7, "none"},
    {"repo_scan", "extract", 8, "path"},
    {"normalize", "normalize", 0, "bytes"},
    {"relspec", "relspec", 0, "bytes"},
    {"cpg", "cpg", 0, "bytes"},
    {"flows", "flows", 0, "bytes"},
    {"pipeline", "pipeline", 0, "none"},
};

static const reg_family *family_of(const char *name)
{
    for (size_t i = 0; i < registry_nfamilies; i++)
        if (strcmp(registry_families[i].name, name) == 0)
            return &registry_families[i];
    return NULL;
}

static const reg_dataset_def *def_of(const char *name)
{
    for (size_t i = 0; i < registry_ndefs; i++)
        if (strcmp(registry_defs[i].name, name) == 0)
            return &registry_defs[i];
    return NULL;
}

/* The expanded column names of d, in order; returns their number. */
static size_t expanded_names(const reg_dataset_def *d, const char **out)
{
    size_t n = 0;
    if (d->bundle == REG_BUNDLE_FILE_IDENTITY || d->bundle == REG_BUNDLE_FILE_IDENTITY_NO_SHA) {
        out[n++] = "file_id";
        out[n++] = "path";
        if (d->bundle == REG_BUNDLE_FILE_IDENTITY)
            out[n++] = "file_sha256";
    }
    for (size_t i = 0; i < d->nfields && n < MAX_COLS; i++)
        out[n++] = d->fields[i].name;
    const reg_family *f = family_of(d->family);
    if (f && f->evidence_rank > 0 && n + 2 <= MAX_COLS) {
        out[n++] = "evidence_rank";
        out[n++] = "confidence";
    }
    return n;
}

static bool ends_with(const char *s, const char *suffix)
{
    size_t ls = strlen(s), lx = strlen(suffix);
    return ls >= lx && strcmp(s + ls - lx, suffix) == 0;
}

static void test_families(void)
{
    size_t n = sizeof spec_families / sizeof spec_families[0];
    CHECK_EQ_I64(registry_nfamilies, n);
    for (size_t i = 0; i < n && i < registry_nfamilies; i++) {
        const reg_family *f = &registry_families[i];
        CHECK_STREQ(f->name, spec_families[i].name);
        CHECK_STREQ(f->stage, spec_families[i].stage);
        CHECK_EQ_I64(f->evidence_rank, spec_families[i].rank);
        CHECK_STREQ(f->coordinate_system, spec_families[i].coords);
        CHECK(f->confidence == 1.0f);
        CHECK(f->doc != NULL && f->doc[0] != '\0');
    }
}

static void test_names_unique(void)
{
    for (size_t i = 0; i < registry_ndefs; i++) {
        CHECK(registry_defs[i].name != NULL);
        /* 2: the datasets whose ids became file-local (docs/ids.md), none other */
        CHECK(registry_defs[i].version == 1 || registry_defs[i].version == 2);
        for (size_t j = i + 1; j < registry_ndefs; j++)
            if (strcmp(registry_defs[i].name, registry_defs[j].name) == 0) {
                fprintf(stderr, "duplicate dataset %s\n", registry_defs[i].name);
                CHECK(0);
            }
    }
}

static void test_families_exist(void)
{
    for (size_t i = 0; i < registry_ndefs; i++) {
        if (!family_of(registry_defs[i].family))
            fprintf(stderr, "%s: unknown family %s\n", registry_defs[i].name,
                    registry_defs[i].family);
        CHECK(family_of(registry_defs[i].family) != NULL);
    }
}

static void test_columns(void)
{
    const char *names[MAX_COLS];
    for (size_t i = 0; i < registry_ndefs; i++) {
        const reg_dataset_def *d = &registry_defs[i];
        CHECK(d->nfields > 0 && d->fields != NULL);
        CHECK(d->row_doc != NULL && d->row_doc[0] != '\0');
        CHECK(d->nfields + 5 <= MAX_COLS);
        size_t n = expanded_names(d, names);
        for (size_t a = 0; a < n; a++)
            for (size_t b = a + 1; b < n; b++)
                if (strcmp(names[a], names[b]) == 0) {
                    fprintf(stderr, "%s: column %s twice\n", d->name, names[a]);
                    CHECK(0);
                }
        for (size_t c = 0; c < d->nfields; c++) {
            const reg_column *col = &d->fields[c];
            CHECK(col->name != NULL && col->name[0] != '\0');
            CHECK(col->doc != NULL && col->doc[0] != '\0');
            CHECK((int)col->type >= 0 && col->type < RT__COUNT);
            CHECK((col->flags & ~(REG_REQUIRED | REG_DICT)) == 0);
            if ((col->flags & REG_DICT) && col->type != RT_VARCHAR) {
                fprintf(stderr, "%s.%s: REG_DICT on a non-VARCHAR column\n", d->name, col->name);
                CHECK(0);
            }
            if (ends_with(col->name, "_id") && col->type != RT_BIGINT) {
                fprintf(stderr, "%s.%s: id column is not BIGINT\n", d->name, col->name);
                CHECK(0);
            }
            if (strcmp(col->name, "file_sha256") == 0)
                CHECK((col->flags & REG_REQUIRED) == 0);
        }
    }
}

static void test_join_keys(void)
{
    const char *names[MAX_COLS];
    for (size_t i = 0; i < registry_ndefs; i++) {
        const reg_dataset_def *d = &registry_defs[i];
        CHECK(d->join_keys != NULL && d->join_keys[0] != '\0');
        if (!d->join_keys)
            continue;
        size_t n = expanded_names(d, names);
        const char *p = d->join_keys;
        while (*p) {
            const char *comma = strchr(p, ',');
            size_t len = comma ? (size_t)(comma - p) : strlen(p);
            bool found = false;
            for (size_t c = 0; c < n && !found; c++)
                found = strlen(names[c]) == len && strncmp(names[c], p, len) == 0;
            if (!found)
                fprintf(stderr, "%s: join key '%.*s' is not a column\n", d->name, (int)len, p);
            CHECK(found && len > 0);
            p += len;
            if (*p == ',')
                p++;
        }
    }
}

static void test_extract_datasets_present(void)
{
    const char *names[MAX_COLS];
    size_t n = sizeof spec_extract / sizeof spec_extract[0];
    for (size_t i = 0; i < n; i++) {
        const reg_dataset_def *d = def_of(spec_extract[i].name);
        if (!d) {
            fprintf(stderr, "missing extraction dataset %s\n", spec_extract[i].name);
            CHECK(0);
            continue;
        }
        /* registry order follows §1 */
        CHECK(d == &registry_defs[i]);
        const reg_family *f = family_of(d->family);
        CHECK(f != NULL && strcmp(f->stage, "extract") == 0);
        size_t got = expanded_names(d, names);
        if (got != spec_extract[i].cols)
            fprintf(stderr, "%s: %zu columns, spec says %zu\n", d->name, got, spec_extract[i].cols);
        CHECK_EQ_I64(got, spec_extract[i].cols);
    }
}

static void test_later_datasets_present(void)
{
    static const char *const later[] = {
        "file_line_index_v1",
        "file_errors_v1",
        "py_bc_blocks_norm_v1",
        "py_bc_cfg_edges_norm_v1",
        "py_bc_def_use_events_v1",
        "py_bc_reaches_v1",
        "type_exprs_norm_v1",
        "type_nodes_v1",
        "diagnostics_norm_v1",
        "span_errors_v1",
        "scip_span_errors_v1",
        "normalize_evidence_v1",
        "rel_name_symbol_v1",
        "rel_import_symbol_v1",
        "rel_callsite_symbol_v1",
        "rel_callsite_qname_v1",
        "cpg_nodes_v1",
        "cpg_edges_v1",
        "cpg_props_v1",
    };
    for (size_t i = 0; i < sizeof later / sizeof later[0]; i++) {
        if (!def_of(later[i]))
            fprintf(stderr, "missing dataset %s\n", later[i]);
        CHECK(def_of(later[i]) != NULL);
    }
    const reg_dataset_def *fe = def_of("file_errors_v1");
    if (fe) {
        CHECK_STREQ(fe->family, "pipeline");
        CHECK(fe->bundle == REG_BUNDLE_FILE_IDENTITY_NO_SHA);
    }
    const reg_dataset_def *rf = def_of("repo_files_v1");
    if (rf) {
        CHECK(rf->bundle == REG_BUNDLE_NONE);
        CHECK_STREQ(rf->fields[0].name, "file_id");
        CHECK_STREQ(rf->fields[1].name, "path");
        CHECK_STREQ(rf->fields[2].name, "file_sha256");
        CHECK(rf->fields[0].flags & REG_REQUIRED);
        CHECK(rf->fields[1].flags & REG_REQUIRED);
    }
}

TEST_MAIN(TEST(test_families), TEST(test_names_unique), TEST(test_families_exist),
          TEST(test_columns), TEST(test_join_keys), TEST(test_extract_datasets_present),
          TEST(test_later_datasets_present))
