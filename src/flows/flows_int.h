/*
 * flows_int.h — what the files of src/flows share and nothing else sees: the models'
 * records (models.c fills them, graph.c matches calls and names against them) and the
 * analysis' private state handed between graph.c, paths.c and the result.
 */
#ifndef PYCPG_FLOWS_INT_H
#define PYCPG_FLOWS_INT_H

#include "flows.h"

#define FL_MAX_RULES 32

enum { FLM_SOURCE, FLM_SINK, FLM_SANITIZER, FLM_PROPAGATOR };

typedef struct {
    const char *id, *name, *help, *cwe;
} fl_rule;

/* One model. Exactly one of call / method / name / param_attr / route is set. */
typedef struct {
    int type;
    const char *call;       /* qualified name of the callee, a trailing * matches any rest */
    const char *method;     /* a method's name, on any receiver */
    const char *name;       /* a qualified name read (sys.argv): a source */
    const char *param_attr; /* a name (request) whose attributes attrs are sources */
    const char **attrs;
    size_t nattrs;
    const char **route; /* decorator method names whose function's parameters are sources */
    size_t nroute;
    const char **imports; /* the file must import one of these (or a module under one) */
    size_t nimports;
    const char *label;
    int rule;       /* sinks: index into the rules */
    uint32_t rules; /* sanitizers: the rules they stop (bit i: rule i) */
    bool all_args;  /* sinks: every positional argument */
    int *args;
    size_t nargs;
    const char **kwargs;
    size_t nkwargs;
    bool command;        /* subprocess-like: a list literal without shell=True: element 0 only */
    const char *safe_kw; /* a keyword whose value (one of safe_values) makes it no sink */
    int safe_arg;        /* the same as a positional argument (-1: none) */
    const char **safe_values;
    size_t nsafe;
    bool prop_args, prop_recv; /* propagators: what flows into the result */
} fl_model;

struct fl_models {
    arena *a;
    fl_rule rules[FL_MAX_RULES];
    size_t nrules;
    uint32_t keep; /* rules asked for (all by default) */
    fl_model *v;
    size_t n, cap;
};

/* true when name matches pattern (exact, or pattern's prefix before a trailing '*'). */
bool fl_name_matches(const char *pattern, const char *name);

/* The ids of the rules in mask, in the models' order, separated by single spaces, into out
 * (reset first; empty when mask names none). */
void fl_rules_text(const fl_models *m, uint32_t mask, sbuf *out);

#endif
