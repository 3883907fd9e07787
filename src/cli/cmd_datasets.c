/*
 * cmd_datasets.c — `pycpg datasets [--json]`: the registry, as a table or as JSON.
 */
#include "cli.h"

#include <jansson.h>
#include <string.h>

const char cli_help_datasets[] =
    "usage: pycpg datasets [--json]\n"
    "\n"
    "Lists every dataset pycpg writes: name, family, stage, column count, join keys and\n"
    "what one row is. --json prints the full registry: every column with its type,\n"
    "nullability, contract flags and meaning, and the metadata written to each Parquet\n"
    "footer.\n";

static json_t *dataset_json(const reg_dataset *ds)
{
    json_t *cols = json_array();
    for (size_t i = 0; i < ds->ncols; i++) {
        const reg_column *c = &ds->cols[i];
        json_array_append_new(
            cols, json_pack("{s:s, s:s, s:b, s:b, s:s}", "name", c->name, "type",
                            reg_type_sql(c->type), "nullable", !(c->flags & REG_REQUIRED),
                            "dictionary", (c->flags & REG_DICT) != 0, "doc", c->doc ? c->doc : ""));
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
    printf("(%zu datasets; `pycpg datasets --json` for columns and types)\n", registry_count());
}

int cli_cmd_datasets(int argc, char **argv)
{
    bool json = false;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--json") == 0)
            json = true;
        else
            return cli_usage_error("datasets", "unexpected argument '%s'", argv[i]);
    }
    if (json)
        print_json();
    else
        print_table();
    return CLI_EXIT_OK;
}
