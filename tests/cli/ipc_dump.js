// ipc_dump.js — reads Arrow IPC files with apache-arrow (an independent implementation of the
// format, pinned by scripts/setup.sh into deps/node_modules) and prints, as JSON on stdout,
// what test_ipc.py compares with DuckDB's reading of the Parquet parts:
//   {FILE: {rows, batches, fields: [{name, type, nullable}], metadata: [[key, value]…],
//           values: [[column values of a row]…]}}
// Values: Utf8 and Binary as upper-case hex of their bytes, 64-bit integers as decimal
// strings, lists as arrays, structs as objects, NULL as null. Usage: node ipc_dump.js FILE…
'use strict';
const fs = require('fs');
const path = require('path');
const lib = path.join(__dirname, '..', '..', 'deps', 'node_modules', 'apache-arrow',
                      'Arrow.esnext.min.js');
if (!fs.existsSync(lib)) {
    console.error(`ipc_dump.js: ${lib} is missing (run scripts/setup.sh)`);
    process.exit(2);
}
const A = require(lib);

const hex = (bytes) => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)
                           .toString('hex').toUpperCase();

function nested(v) {
    if (v === null || v === undefined) return null;
    if (typeof v === 'bigint') return v.toString();
    if (v instanceof Uint8Array) return hex(v);
    if (v instanceof A.Vector) return [...v].map(nested);
    if (typeof v === 'object') {
        const o = {};
        for (const [k, x] of Object.entries(v.toJSON())) o[k] = nested(x);
        return o;
    }
    return v;
}

function top(type, v) {
    if (v === null || v === undefined) return null;
    if (A.DataType.isUtf8(type) || A.DataType.isLargeUtf8(type))
        return hex(new TextEncoder().encode(v));
    return nested(v);
}

const out = {};
for (const file of process.argv.slice(2)) {
    const bytes = fs.readFileSync(file);
    const reader = A.RecordBatchFileReader.from(bytes);
    reader.open();
    const batches = reader.numRecordBatches;
    const t = A.tableFromIPC(bytes);
    const fields = t.schema.fields.map((f) => ({name: f.name, type: String(f.type),
                                                nullable: f.nullable}));
    const cols = t.schema.fields.map((f, i) => [f.type, t.getChildAt(i)]);
    const values = [];
    for (let r = 0; r < t.numRows; r++)
        values.push(cols.map(([type, col]) => top(type, col.get(r))));
    out[file] = {rows: t.numRows, batches, fields,
                 metadata: [...t.schema.metadata.entries()], values};
}
process.stdout.write(JSON.stringify(out));
