/*
 * lens.h — the interface of src/lens: independent sources of evidence about one file.
 *
 * A lens is a name, a version, the datasets it produces and open/run/close (habit 13). run
 * turns one file's bytes (plus the decoded text and identity in lens_file) into rows, which
 * it asks for through a lens_sink; it never sees storage. Problems with the *input* become
 * rows (its own error datasets, or file_errors_v1 through lens_emit_problem); only internal
 * failures return a non-OK status. Adding a lens is a new file plus one line in lens_table.
 */
#ifndef PYCPG_LENS_H
#define PYCPG_LENS_H

#include "../registry/registry.h"

#include <tree_sitter/api.h>

/* The shared tree-sitter parse: one tree-sitter-python parser, reused for every file, and
 * the tree of the current file, parsed on first request and kept until lens_parse_reset.
 * Every lens that reads the tree-sitter tree gets it through lens_file_tree, so a file is
 * parsed once however many lenses read it. Created and freed by whoever runs the lenses
 * (the pipeline, a bench driver, a test). */
typedef struct lens_parse lens_parse;
/* Fails (PC_ERR_INTERNAL) only when the runtime cannot load the grammar (ABI mismatch).
 * The caller frees *out with lens_parse_free. */
pc_status lens_parse_new(lens_parse **out, pc_err *err);
void lens_parse_free(lens_parse *p); /* NULL is a no-op */
/* Forgets (frees) the current file's tree; call after the last lens ran on a file. */
void lens_parse_reset(lens_parse *p);

/* One file as every lens sees it. All pointers are borrowed for the duration of run. */
typedef struct {
    const char *path; /* repo-relative POSIX path */
    int64_t file_id;
    uint32_t id_prefix;         /* the file's prefix of file-local ids (core.h, id_local) */
    const char *file_sha256;    /* hex */
    const unsigned char *bytes; /* raw bytes; spans are offsets into these */
    size_t len;
    const char *text; /* decoded UTF-8 (BOM stripped, U+FFFD for bad bytes) */
    size_t text_len;
    const char *encoding;
    lens_parse *parse; /* the shared parse for this file (see lens_file_tree) */
} lens_file;

/* The tree-sitter tree of f's raw bytes, parsed on the first call for the file and cached in
 * f->parse. Borrowed: valid until lens_parse_reset; the caller must not free or edit it.
 * Returns NULL when there is no tree (file over tree-sitter's 4 GiB limit, or tree-sitter
 * gave up); *problem_code and *problem_message (static strings) then say why. */
const TSTree *lens_file_tree(const lens_file *f, const char **problem_code,
                             const char **problem_message);

/* Where rows go. rows(ctx, ds) returns the batch to append ds's rows to, or NULL when the
 * run does not want ds (the lens then skips producing it). */
typedef struct {
    void *ctx;
    rowbuf *(*rows)(void *ctx, const reg_dataset *ds);
} lens_sink;

typedef struct {
    const char *name;            /* "tree_sitter" */
    const char *version;         /* version of the lens and what it embeds, for the manifest */
    const char *const *datasets; /* NULL-terminated dataset names it produces */
    pc_status (*open)(void **state, pc_err *err);
    pc_status (*run)(void *state, const lens_file *f, const lens_sink *sink, pc_err *err);
    void (*close)(void *state); /* NULL state is a no-op */
} lens_def;

/* The lens table, in the order lenses run. */
size_t lens_count(void);
const lens_def *lens_at(size_t i);
const lens_def *lens_find(const char *name);
bool lens_produces(const lens_def *l, const char *dataset);

/* Appends one file_errors_v1 row (if the sink wants that dataset). bstart < 0 and
 * line <= 0 are stored as NULL. */
void lens_emit_problem(const lens_sink *sink, const lens_file *f, const char *lens,
                       const char *code, const char *severity, const char *message, int64_t bstart,
                       int64_t line);

/* The lenses. */
extern const lens_def lens_tree_sitter;
extern const lens_def lens_cpython; /* AST, symtable, bytecode (embedded CPython) */
extern const lens_def lens_cst;

/* ---- the SCIP lens --------------------------------------------------------------------- */

/*
 * The SCIP lens (scip.c, scip_map.c): an index.scip (from scip-python, or given by the user)
 * decoded into the seven scip_* datasets, every occurrence and diagnostic range mapped onto the
 * canonical UTF-8 byte span of the raw file bytes.
 *
 * Unlike the per-file lenses above, SCIP is one fact source for the whole repository: the
 * pipeline runs the indexer once, then calls lens_scip_ingest once, after per-file
 * extraction. The lens reads the index file itself, asks the pipeline for the bytes of each
 * document's file (lens_scip_files.lookup: it never touches the file system of the analysed
 * repository, so a document path can never reach a file outside the scan) and emits rows
 * through a lens_sink, like every lens; it knows nothing of storage.
 *
 * Rows (registry_data.c, docs/decisions.md "SCIP lens"):
 *   scip_metadata_v1              one row: the merged metadata of every Index message
 *   scip_documents_v1             one row per distinct document path, index order
 *   scip_occurrences_v1           one row per occurrence, with bstart/bend (NULL when the
 *                                 range does not fit the file) and the role bits split
 *   scip_diagnostics_v1           one row per diagnostic (the occurrence's range and span)
 *   scip_symbol_info_v1           one row per Document.symbols entry (reference defect §14.3)
 *   scip_symbol_relationships_v1  one row per relationship of those symbols
 *   scip_external_symbol_info_v1  one row per Index.external_symbols entry
 *   scip_span_errors_v1           one row per occurrence whose range could not be mapped
 *   file_errors_v1 (lens "scip")  a malformed or unreadable index, a document whose path is
 *                                 unsafe or not among the scanned files
 */
/* What the pipeline knows about one repository path. */
typedef enum {
    LENS_SCIP_FILE_FOUND = 0,   /* scanned and read: bytes/len are set */
    LENS_SCIP_FILE_NOT_SCANNED, /* not among the files the scan selected */
    LENS_SCIP_FILE_UNREADABLE,  /* selected, but its bytes could not be read */
} lens_scip_file_status;

typedef struct {
    int64_t file_id;            /* always set: scan_file_id of the path */
    const unsigned char *bytes; /* raw bytes, borrowed until the next lookup */
    size_t len;
} lens_scip_file;

/* The pipeline's side of the lens. */
typedef struct {
    void *ctx;
    /* Looks up a repo-relative POSIX path (already checked to be safe: relative, no "..", ".",
     * empty components or backslashes). Fills *out; see lens_scip_file_status. */
    lens_scip_file_status (*lookup)(void *ctx, const char *path, lens_scip_file *out);
    /* Called after the rows of each document (and at the end) are in the sink: the pipeline
     * hands full batches to the store here. Non-OK stops the ingest with that status. */
    pc_status (*flush)(void *ctx, pc_err *err);
    /* The row for problems with the index as a whole: path and file_id to record them under
     * (the pipeline uses the repository root, "."). */
    const char *index_row_path;
    int64_t index_row_file_id;
    /* How rows name the index in problem messages. NULL: index_path itself, which
     * scip_metadata_v1.meta then records as index_path (a user's --scip PATH). The pipeline
     * names scip-python's index, a file in the build's staging directory that is gone once
     * the output is published: no row records that path, so two builds of one tree are equal
     * (docs/decisions.md, "SCIP lens"). */
    const char *index_name;
} lens_scip_files;

/* What one ingest saw (for the manifest and the summary). */
typedef struct {
    int64_t index_bytes;
    int64_t metadata_messages; /* Index.metadata fields met (one per concatenated Index) */
    int64_t documents, occurrences, diagnostics, symbols, relationships, external_symbols;
    int64_t mapped, span_errors; /* occurrences with / without a byte span */
    int64_t problems;            /* file_errors_v1 rows */
    bool complete;               /* the whole file decoded (false: malformed or unreadable) */
    double seconds;              /* decode + mapping + rows, wall */
} lens_scip_stats;

/* The datasets the SCIP lens produces (NULL-terminated) and its version for the manifest. */
extern const char *const lens_scip_datasets[];
extern const char lens_scip_version[];

/* Reads the index at index_path (several concatenated Index messages are merged; the file is
 * decoded field by field, so memory holds one document at a time) and emits its rows into
 * sink. source is recorded in scip_metadata_v1.meta ("scip-python" or "file"). Problems with
 * the input (unreadable or malformed index, bad paths, ranges that do not fit) become rows;
 * the return is non-OK only for internal failures or when flush fails. */
pc_status lens_scip_ingest(const char *index_path, const char *source, const lens_scip_files *files,
                           const lens_sink *sink, lens_scip_stats *st, pc_err *err);

/* ---- position mapping (scip_map.c; exposed for tests) ------------------------------- */

/* Column units of a document's positions. */
typedef enum { SCIP_UNIT_UTF8 = 1, SCIP_UNIT_UTF16 = 2, SCIP_UNIT_UTF32 = 3 } scip_unit;

/* Line table of one file's raw bytes for mapping (line, character) positions: lines split at
 * \n, \r\n, \r; a UTF-8 BOM is the character U+FEFF of line 0. Owned by the caller:
 * scip_lines_free. The bytes are borrowed and must outlive the table. */
typedef struct scip_lines scip_lines;
scip_lines *scip_lines_new(const unsigned char *bytes, size_t len);
void scip_lines_free(scip_lines *l); /* NULL is a no-op */

/* Why a position did not map (NULL-free static names, also span_errors_v1.reason). */
typedef enum {
    SCIP_MAP_OK = 0,
    SCIP_MAP_LINE_OUT_OF_RANGE,   /* line < 0 or past the last line */
    SCIP_MAP_COLUMN_OUT_OF_RANGE, /* character < 0 or past the end of the line's text */
    SCIP_MAP_SPLITS_CHARACTER,    /* lands inside a UTF-8 sequence or a surrogate pair */
} scip_map_status;
const char *scip_map_status_name(scip_map_status s);

/* The byte offset in the raw file of (line, character) in unit u, into *offset. A character
 * equal to the line's length (the position just before its terminator) is valid. Each maximal
 * invalid UTF-8 subpart counts as one U+FFFD (one UTF-16/UTF-32 unit; its bytes in UTF-8). */
scip_map_status scip_lines_offset(scip_lines *l, int64_t line, int64_t character, scip_unit u,
                                  int64_t *offset);

/* Is name one of Python's builtins (the names the CST lens resolves as BUILTIN: the builtins
 * module of the Python version the grammar covers, __import__ and __build_class__ included)? */
bool lens_is_builtin_name(const char *name);

#endif
