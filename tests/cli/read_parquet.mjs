// read_parquet.mjs — the independent Parquet reader of test_readers.py: hyparquet (with
// hyparquet-compressors for zstd and snappy), pure JavaScript, no DuckDB anywhere.
//
//     node read_parquet.mjs NODE_MODULES FILE...
//
// For each FILE prints one JSON line: {path, num_rows, schema, kv, rows} where schema is the
// footer's schema tree (name, type, converted_type, logical_type, repetition_type,
// children), kv the footer's key-value metadata in file order and rows every row in file
// order, each a list of its top-level column values. Values are encoded so that JSON loses
// nothing: a BigInt is {"$i": "digits"}, bytes {"$b": "HEX"}, a non-finite number
// {"$f": "NaN"}, a struct an object in field order, a list an array, a NULL null.
// A file hyparquet cannot read prints {path, error}.
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'

const [modules, ...files] = process.argv.slice(2)
const load = (name, entry) => import(pathToFileURL(join(modules, name, entry)).href)
const { parquetMetadata, parquetSchema, parquetReadObjects } = await load('hyparquet', 'src/index.js')
const { compressors } = await load('hyparquet-compressors', 'src/index.js')

function encode(v) {
  if (v === null || v === undefined) return null
  if (typeof v === 'bigint') return { $i: v.toString() }
  if (typeof v === 'number') return Number.isFinite(v) ? v : { $f: String(v) }
  if (typeof v === 'string' || typeof v === 'boolean') return v
  if (v instanceof Uint8Array) return { $b: Buffer.from(v).toString('hex').toUpperCase() }
  if (Array.isArray(v) || ArrayBuffer.isView(v)) return Array.from(v, encode)
  if (typeof v === 'object') {
    const o = {}
    for (const [k, x] of Object.entries(v)) o[k] = encode(x)
    return o
  }
  return { $unknown: String(v) }
}

function tree(node) {
  const e = node.element
  return {
    name: e.name,
    type: e.type ?? null,
    converted_type: e.converted_type ?? null,
    logical_type: e.logical_type ? e.logical_type.type : null,
    repetition_type: e.repetition_type ?? null,
    children: node.children.map(tree),
  }
}

for (const path of files) {
  try {
    const b = readFileSync(path)
    const file = b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength)
    const metadata = parquetMetadata(file)
    const schema = parquetSchema(metadata)
    const names = schema.children.map(c => c.element.name)
    // utf8: false keeps BYTE_ARRAY columns without a UTF8 annotation as bytes
    const objs = await parquetReadObjects({ file, metadata, compressors, utf8: false })
    process.stdout.write(JSON.stringify({
      path,
      num_rows: metadata.num_rows.toString(),
      schema: schema.children.map(tree),
      kv: (metadata.key_value_metadata ?? []).map(({ key, value }) => [key, value ?? null]),
      rows: objs.map(o => names.map(n => encode(o[n]))),
    }) + '\n')
  } catch (e) {
    process.stdout.write(JSON.stringify({ path, error: String(e && e.stack || e) }) + '\n')
  }
}
