#!/usr/bin/env node
// duckdb_load.mjs - the reference load of bench/decp: DECP files into DuckDB
// tables with read_json, one row per record, one column per top-level field.
//
// usage: node bench/decp/duckdb_load.mjs [--db PATH] [--memory] FILE...
//
// The container of each file is detected from its first bytes:
//   {"marches":[...]}                           2019 container (one JSON object)
//   {"marches":{"marche":[...],"contrat-concession":[...]}}  2024 container
//   anything else                               newline-delimited records
// The database is a new DuckDB file (default bench/out/duck.duckdb, removed
// first) so that, like `orcs import decp`, the load ends on disk; --memory
// keeps it in memory instead.  One JSON line per file goes to stdout with the
// SQL used, the rows loaded and the seconds spent.
//
// @duckdb/node-api is resolved from bench/.duck (installed there by
// bench/decp/run with `npm install --prefix bench/.duck @duckdb/node-api`), or
// from $DUCK_DIR.

import { createRequire } from 'node:module';
import { closeSync, openSync, readSync, rmSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const duckDir = process.env.DUCK_DIR
  ? pathToFileURL(resolve(process.env.DUCK_DIR) + '/')
  : new URL('../.duck/', import.meta.url);
const require = createRequire(new URL('package.json', duckDir));
const duckdb = require('@duckdb/node-api');

function usage() {
  process.stderr.write('usage: node bench/decp/duckdb_load.mjs [--db PATH] [--memory] FILE...\n');
  process.exit(2);
}

let dbPath = new URL('../out/duck.duckdb', import.meta.url).pathname;
const files = [];
const args = process.argv.slice(2);
for (let i = 0; i < args.length; i++) {
  if (args[i] === '--db') {
    if (i + 1 >= args.length) usage();
    dbPath = args[++i];
  } else if (args[i] === '--memory') {
    dbPath = ':memory:';
  } else if (args[i].startsWith('-')) {
    usage();
  } else {
    files.push(args[i]);
  }
}
if (files.length === 0) usage();

function container(file) {
  const fd = openSync(file, 'r');
  const buf = Buffer.alloc(256);
  const n = readSync(fd, buf, 0, buf.length, 0);
  closeSync(fd);
  const head = buf.subarray(0, n).toString('utf8').replace(/^\uFEFF/, '');
  const m = /^\s*\{\s*"marches"\s*:\s*([[{])/.exec(head);
  if (m) return m[1] === '[' ? '2019' : '2024';
  return 'ndjson';
}

const q = (s) => "'" + s.replaceAll("'", "''") + "'";

// The SQL for one file.  A 2019 or 2024 container is ONE JSON object holding
// every record, so read_json must be allowed an object as large as the file
// (maximum_object_size, default 16 MB); it then yields one row whose
// `marches` column is a list (2019) or a struct of lists (2024) of structs,
// with the schema detected over all records.  unnest(..., max_depth := 2)
// turns the list into rows and the record struct into columns.
function statements(file, i) {
  const kind = container(file);
  const size = statSync(file).size;
  const opts = `maximum_object_size := ${size + (1 << 20)}`;
  if (kind === '2019') {
    return [kind, [
      `CREATE TABLE decp_${i} AS SELECT unnest(marches, max_depth := 2) FROM read_json(${q(file)}, ${opts})`,
    ]];
  }
  if (kind === '2024') {
    // one scan of the file, then one table per kind of record
    return [kind, [
      `CREATE TEMP TABLE raw_${i} AS SELECT marches FROM read_json(${q(file)}, ${opts})`,
      `CREATE TABLE marche_${i} AS SELECT unnest(marches.marche, max_depth := 2) FROM raw_${i}`,
      `CREATE TABLE concession_${i} AS SELECT unnest(marches."contrat-concession", max_depth := 2) FROM raw_${i}`,
      `DROP TABLE raw_${i}`,
    ]];
  }
  // newline-delimited: one record per line; sample_size := -1 detects the
  // schema over every line (marchés and concessions share the file)
  return [kind, [
    `CREATE TABLE decp_${i} AS SELECT * FROM read_json(${q(file)}, format := 'newline_delimited', sample_size := -1)`,
  ]];
}

if (dbPath !== ':memory:') {
  for (const suffix of ['', '.wal']) rmSync(dbPath + suffix, { force: true });
}
const t0 = process.hrtime.bigint();
const instance = await duckdb.DuckDBInstance.create(dbPath);
const con = await instance.connect();
for (const [i, file] of files.entries()) {
  const t1 = process.hrtime.bigint();
  const [kind, sqls] = statements(file, i);
  let rows = 0;
  for (const sql of sqls) {
    const r = await con.runAndReadAll(sql);
    // CREATE TABLE ... AS answers one row: the number of rows inserted
    if (sql.startsWith('CREATE TABLE')) rows += Number(r.getRows()[0][0]);
  }
  const secs = Number(process.hrtime.bigint() - t1) / 1e9;
  process.stdout.write(JSON.stringify({ file, container: kind, rows, seconds: +secs.toFixed(2), sql: sqls }) + '\n');
}
con.closeSync();
instance.closeSync();
const total = Number(process.hrtime.bigint() - t0) / 1e9;
process.stdout.write(JSON.stringify({ duckdb: duckdb.version(), db: dbPath, seconds: +total.toFixed(2) }) + '\n');
