/*
 * scip.h — the SCIP lens: an index.scip (from scip-python, or given by the user) decoded into
 * the seven scip_* datasets, every occurrence and diagnostic range mapped onto the canonical
 * UTF-8 byte span of the raw file bytes.
 *
 * Unlike the per-file lenses of lens.h, SCIP is one fact source for the whole repository: the
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
 *   span_errors_v1                one row per occurrence whose range could not be mapped
 *   file_errors_v1 (lens "scip")  a malformed or unreadable index, a document whose path is
 *                                 unsafe or not among the scanned files
 */
#ifndef PYCPG_LENS_SCIP_H
#define PYCPG_LENS_SCIP_H

#include "lens.h"

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

#endif
