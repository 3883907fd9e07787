/*
 * pipeline_int.h — internals shared by the files of src/pipeline (never included elsewhere).
 */
#ifndef PYCPG_PIPELINE_INT_H
#define PYCPG_PIPELINE_INT_H

#include "pipeline.h"

#include "../lens/lens.h"

/* The state of one build. */
typedef struct {
    const build_options *opt;
    store *st;
    bool *wanted;      /* per registry index: the user asked for this dataset */
    rowbuf **bufs;     /* per registry index, created on first use */
    void **lens_state; /* per lens: open state, NULL when closed */
    bool *lens_on;     /* per lens: produces a wanted dataset */
    lens_parse *parse; /* the tree-sitter parse the lenses share, per file */
    build_summary *sum;
    double t_start, t_last_progress;
    int64_t total_bytes;
} build_run;

/* Writes manifest.json for the run into the store's directory. */
pc_status pipeline_write_manifest(build_run *r, const scan_list *list, const store_timing *t,
                                  size_t nt, pc_err *err);

#endif
