/*
 * registry.h — the interface of src/registry: every dataset pycpg writes, declared once.
 *
 * The registry is data. Families (templates) carry what datasets of one evidence source
 * share: evidence rank, confidence, coordinate system, the column bundle placed first.
 * Dataset definitions (registry_data.c) list a family, their own fields, join keys and
 * contract. registry.c expands them once into reg_dataset values:
 *
 *     output columns = bundle columns ++ fields ++ [evidence_rank, confidence]
 *
 * (evidence_rank/confidence only for families that rank evidence). The writer, the
 * validator, `pycpg datasets` and the manifest all read the expanded registry; nothing
 * else declares a column.
 */
#ifndef PYCPG_REGISTRY_H
#define PYCPG_REGISTRY_H

#include "../core/core.h"

/* Logical column types. Each maps to one DuckDB/Parquet type and one rowbuf kind
 * (reg_type_sql, reg_type_shape). A new type is a new row in registry.c's type table. */
typedef enum {
    RT_BIGINT,   /* ids, byte offsets, sizes */
    RT_INTEGER,  /* lines, columns, small counts */
    RT_SMALLINT, /* evidence_rank */
    RT_FLOAT,    /* confidence, scores (float32) */
    RT_DOUBLE,
    RT_BOOLEAN,
    RT_VARCHAR,
    RT_BLOB,
    RT_VARCHAR_LIST, /* VARCHAR[] */
    RT_QNAME_LIST,   /* STRUCT(name VARCHAR, source VARCHAR)[] (qualified-name candidates) */
    RT_KV_LIST,      /* STRUCT(key VARCHAR, value VARCHAR)[] (the reference's map<string,string>) */
    RT_STEP_LIST,    /* STRUCT(path, line, col, end_line, end_col, what)[]: a flow's steps;
                        written from SQL only (store_write_query), never through a rowbuf */
    RT__COUNT
} reg_type;

/* Column flags. */
#define REG_REQUIRED 0x1u /* contract: must not be NULL (violations become error rows) */
#define REG_DICT     0x2u /* low-cardinality string; readers may dictionary-encode */

/* The recipe of a graph edge's id over its cpg_edges_v1 row (the link computes it, the
 * registry stores edge_id sparse with it): anchored edges hash their anchor too. */
#define REG_EDGE_ID_RECIPE                                                                         \
    "CASE WHEN path IS NOT NULL AND bstart IS NOT NULL AND bend IS NOT NULL THEN "                 \
    "pycpg_id('edge', edge_kind, src_node_id, dst_node_id, path, bstart, bend) ELSE "              \
    "pycpg_id('edge', edge_kind, src_node_id, dst_node_id) END"

/* A stable id's recipe as data: id(prefix, part, …) over other columns of the same row (core's
 * id recipe, pycpg_id in SQL). A part is a column's value (integers in decimal, strings as
 * they are) after lead's text ("file:" for a reference to another id, as core's id_add_ref
 * writes it), or if_null's text when the value is NULL (without if_null a NULL part makes the
 * id NULL). The store evaluates it in C on the rows it writes; the registry renders it as SQL
 * for every reader (reg_column.derive). */
#define REG_ID_PARTS 6
typedef struct {
    const char *column, *lead, *if_null;
} reg_id_part;
typedef struct {
    const char *prefix;
    reg_id_part parts[REG_ID_PARTS]; /* up to the first with column NULL */
} reg_id_recipe;

typedef struct {
    const char *name;
    reg_type type;
    unsigned flags;
    const char *doc; /* one line: what the value means */
    /* NULL, or a DuckDB expression over the row's other columns that gives this column's
     * value (a stable id's recipe: "pycpg_id('span', 'file:' || file_id::VARCHAR, …)"). Such a
     * column is stored sparse: its Parquet files hold NULL where the expression gives the
     * value and the value itself only where it does not (a repeated id's variant), and every
     * reader of pycpg's (views, the link, Arrow snapshots) puts the value back with
     * coalesce(column, expression). Random 64-bit ids do not compress; a column of NULLs does
     * (docs/datasets.md, "Sparse id columns"). Rendered from recipe when that is set. */
    const char *derive;
    const reg_id_recipe *recipe; /* NULL, or the recipe derive says in SQL */
} reg_column;

/* Column bundles placed before a dataset's own fields. */
typedef enum {
    REG_BUNDLE_NONE = 0,
    REG_BUNDLE_FILE_IDENTITY,        /* file_id BIGINT, path VARCHAR, file_sha256 VARCHAR */
    REG_BUNDLE_FILE_IDENTITY_NO_SHA, /* file_id, path */
} reg_bundle;

/* A family (template): shared by its datasets. */
typedef struct {
    const char *name;              /* "tree_sitter", "ast", … */
    const char *stage;             /* "extract", "normalize", "relspec", "cpg", "pipeline" */
    int evidence_rank;             /* lower = stronger; 0 = family does not rank evidence */
    float confidence;              /* default confidence of its rows */
    const char *coordinate_system; /* "bytes", "line_col", "offsets", "line", "path", "none" */
    const char *doc;
} reg_family;

/* A dataset definition as written in registry_data.c (before expansion). */
typedef struct {
    const char *name;   /* "ts_nodes_v1" */
    int version;        /* schema version, 1 */
    const char *family; /* a reg_family name */
    reg_bundle bundle;
    const reg_column *fields; /* the dataset's own columns, in order */
    size_t nfields;
    const char *join_keys; /* comma-separated column names: the natural key of a row */
    const char *row_doc;   /* "one tree-sitter node (named or anonymous), pre-order" */
} reg_dataset_def;

/* An expanded dataset spec. All pointers are static storage owned by the registry. */
typedef struct {
    const char *name;
    int version;
    const reg_family *family;
    const char *join_keys;
    const char *row_doc;
    const reg_column *cols; /* bundle ++ fields ++ rank/confidence */
    size_t ncols;
    size_t index; /* position in registry order */
} reg_dataset;

/* The expanded registry, in registry order. Built on first use; immutable after. */
size_t registry_count(void);
const reg_dataset *registry_at(size_t i);
const reg_dataset *registry_find(const char *name); /* NULL if unknown */
size_t registry_family_count(void);
const reg_family *registry_family_at(size_t i);
const reg_family *registry_family_find(const char *name);

/* Column index by name, or -1. */
int registry_col(const reg_dataset *ds, const char *col);
/* Like registry_col, but a missing column is a programming error: it is reported and the
 * process aborts (used by lenses when they open, never on input data). */
size_t registry_col_must(const reg_dataset *ds, const char *col);

const char *reg_type_sql(reg_type t); /* DuckDB type, e.g. "BIGINT", "VARCHAR[]" */
col_shape reg_type_shape(reg_type t); /* rowbuf kind */
/* A rowbuf shaped like the dataset's columns; rank/confidence are NOT prefilled (the
 * store fills NULL rank/confidence with the family defaults). Caller frees. */
rowbuf *registry_rowbuf_new(const reg_dataset *ds);

/* Schema metadata written to the Parquet footer and the manifest: a NULL-terminated
 * array of key/value pairs (static or registry-owned storage). Keys: schema_name,
 * schema_version, dataset_family, stage, evidence_rank, confidence, coordinate_system,
 * join_keys, ordering_keys, required_non_null, key_fields, ambiguity_policy, row_doc,
 * pycpg_version. */
typedef struct {
    const char *key;
    const char *value;
} reg_kv;
const reg_kv *registry_metadata(const reg_dataset *ds);
/* SHA-256 hex of the schema rendered as JSON {"fields":[{"name","nullable","type"}…]}
 * with sorted keys (docs/registry.md). Static storage per dataset. */
const char *registry_schema_fingerprint(const reg_dataset *ds);

/* Provided by registry_data.c: the families and dataset definitions. */
extern const reg_family registry_families[];
extern const size_t registry_nfamilies;
extern const reg_dataset_def registry_defs[];
extern const size_t registry_ndefs;

#endif
