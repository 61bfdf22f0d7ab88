#!/usr/bin/env node
// duckdb.mjs - the reference of bench/indicators: the same questions as
// latency.c answered by DuckDB over the same data (the warehouse's tables,
// exported to CSV by bench/indicators/run).  Internal audience: DuckDB
// applies no statistical secrecy, no N-1, no coverage; each question is the
// figure of the total and of its breakdown, as orcs_ind_compute() returns it.
//
// usage: node bench/indicators/duckdb.mjs CSVDIR [ROUNDS]
//
// One line per question: median and p99 (of ROUNDS runs, default 20) in ms,
// the rows returned and the total's figures (to compare with `orcs stats
// --audience internal`); first the load time of the tables.
// @duckdb/node-api is resolved from bench/.duck (npm install --prefix
// bench/.duck @duckdb/node-api), or from $DUCK_DIR.  Never part of make check.

import { createRequire } from 'node:module';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const duckDir = process.env.DUCK_DIR
  ? pathToFileURL(resolve(process.env.DUCK_DIR) + '/')
  : new URL('../.duck/', import.meta.url);
const require = createRequire(new URL('package.json', duckDir));
const duckdb = require('@duckdb/node-api');

const dir = process.argv[2];
const rounds = Number(process.argv[3] || 20);
if (!dir) {
  process.stderr.write('usage: node bench/indicators/duckdb.mjs CSVDIR [ROUNDS]\n');
  process.exit(2);
}
const tables = ['decp_contract', 'clause_market', 'clause_contract', 'clause_hours',
  'clause_participant', 'clause_operation', 'dim_commune'];

// Year and scope rules as the registry declares them (impl_decp.c, impl_clauses.c).
const HOURS = `clause_hours h JOIN clause_contract k ON k.contrat_id = h.contrat_id
  JOIN clause_market m ON m.id = k.market_id LEFT JOIN clause_participant p ON p.pid = k.pid
  LEFT JOIN dim_commune gm ON gm.code = m.lieu_commune
  WHERE m.modalites <> '' AND CAST(substr(h.month, 1, 4) AS INTEGER) = 2024`;
const SOC_POS = `(instr(c.social_values, 'SOC_CLAUSE') > 0 OR instr(c.social_values, 'SOC_CRITERE') > 0
  OR instr(c.social_values, 'SOC_RESERVE') > 0)`;
const questions = [
  ['decp.markets 2024', `SELECT count(*) FROM decp_contract c WHERE c.in_idf = 1 AND c.notif_year = 2024`],
  ['decp.markets all years', `SELECT count(*) FROM decp_contract c WHERE c.in_idf = 1 AND c.notif_year IS NOT NULL`],
  ['decp.social_share 2024 --by geo_exec', `SELECT c.departement,
     sum(CASE WHEN c.social_status = 'FILLED' AND ${SOC_POS} THEN 1 ELSE 0 END),
     sum(CASE WHEN c.social_status = 'FILLED' THEN 1 ELSE 0 END)
     FROM decp_contract c WHERE c.in_idf = 1 AND c.notif_year = 2024 GROUP BY ROLLUP (c.departement)`],
  ['decp.markets 2024 --by acheteur', `SELECT c.buyer_siret, count(*) FROM decp_contract c
     WHERE c.in_idf = 1 AND c.notif_year = 2024 GROUP BY ROLLUP (c.buyer_siret)`],
  ['clauses.hours_realised 2024', `SELECT sum(h.hours_work) FROM ${HOURS}`],
  ['clauses.hours_realised 2024 --by geo_exec', `SELECT gm.departement, sum(h.hours_work) FROM ${HOURS}
     GROUP BY ROLLUP (gm.departement)`],
  ['benef.participants 2024 --by sex', `SELECT p.sexe, count(DISTINCT k.pid) FROM ${HOURS}
     AND h.hours_work > 0 GROUP BY ROLLUP (p.sexe)`],
  ['benef.share_women 2024 --by geo_res', `SELECT p.dept_res,
     count(DISTINCT CASE WHEN p.sexe = 'F' THEN k.pid END),
     count(DISTINCT CASE WHEN p.sexe IN ('F', 'H') THEN k.pid END)
     FROM ${HOURS} AND h.hours_work > 0 GROUP BY ROLLUP (p.dept_res)`],
  ['clauses.markets_active 2024 (ACTIVE)', `WITH mh AS (SELECT k2.market_id,
       CAST(substr(min(h2.month), 1, 4) AS INTEGER) AS y0, CAST(substr(max(h2.month), 1, 4) AS INTEGER) AS y1
       FROM clause_contract k2 JOIN clause_hours h2 ON h2.contrat_id = k2.contrat_id GROUP BY k2.market_id)
     SELECT count(DISTINCT m.id) FROM clause_market m LEFT JOIN mh ON mh.market_id = m.id
     WHERE m.modalites <> '' AND 2024 BETWEEN least(m.notif_year, coalesce(mh.y0, m.notif_year))
       AND greatest(coalesce(year(CAST(m.date_notification AS DATE) + to_months(CAST(m.duree_mois AS INTEGER))
         - INTERVAL 1 DAY), m.notif_year), coalesce(mh.y1, 0))`],
];

const inst = await duckdb.DuckDBInstance.create(':memory:');
const con = await inst.connect();
let t0 = performance.now();
// The pseudonymous ids are hex strings that may hold only digits: read as
// numbers they would collapse into one (a join of every contract with every
// participant), so their type is given.
const types = { clause_contract: "types = {'pid': 'VARCHAR'}, ",
  clause_participant: "types = {'pid': 'VARCHAR'}, " };
for (const t of tables) {
  await con.run(`CREATE TABLE ${t} AS SELECT * FROM read_csv('${dir}/${t}.csv', header = true,
    ${types[t] || ''}all_varchar = false, sample_size = -1)`);
}
process.stdout.write(JSON.stringify({ load_s: (performance.now() - t0) / 1000 }) + '\n');
for (const [name, sql] of questions) {
  const ms = [];
  let rows = 0, total = null;
  for (let i = 0; i < rounds; i++) {
    t0 = performance.now();
    const r = await con.runAndReadAll(sql);
    ms.push(performance.now() - t0);
    const all = r.getRows();
    rows = all.length;
    // the total: the only row, or the ROLLUP row whose group column is null
    const tot = all.length === 1 ? all[0] : all.find((x) => x[0] === null);
    total = tot ? tot.slice(all.length === 1 ? 0 : 1).map(String) : null;
  }
  ms.sort((a, b) => a - b);
  const med = ms[Math.floor(ms.length / 2)];
  const p99 = ms[Math.min(ms.length - 1, Math.ceil(ms.length * 0.99) - 1)];
  process.stdout.write(JSON.stringify({ question: name, median_ms: +med.toFixed(2),
    p99_ms: +p99.toFixed(2), rows, total }) + '\n');
}
