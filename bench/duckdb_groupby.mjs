// DuckDB peer for scripts/bench, through @duckdb/node-api (installed in
// bench/node/ by scripts/bench). Runs one query over a CSV file with
// read_csv() and prints one JSON line with the time the query took inside
// node, so node's and DuckDB's start-up are left out (and measured apart by
// the `startup` mode, which runs SELECT 1).
//
//   node bench/duckdb_groupby.mjs startup
//   node bench/duckdb_groupby.mjs one FILE COLUMN
//   node bench/duckdb_groupby.mjs all FILE COLUMN... [+MULTI_COLUMN...]
//   node bench/duckdb_groupby.mjs by FILE BY_COLUMN COLUMN
//
// `all` counts every listed column in one statement (one scan of the file,
// then one GROUP BY per column, UNION ALL); a column written +NAME is a multi-select column whose
// cells pack answers as "A;B": its answers are counted one by one
// (unnest(string_split(...))). `--print` also prints the result rows.
import { createRequire } from 'node:module';
import { performance } from 'node:perf_hooks';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const require = createRequire(path.join(here, 'node', 'package.json'));
const { DuckDBInstance } = require('@duckdb/node-api');

const args = process.argv.slice(2);
const print = args.includes('--print');
const [mode, file, ...columns] = args.filter((a) => a !== '--print');

const ident = (name) => '"' + name.replaceAll('"', '""') + '"';
const literal = (text) => "'" + text.replaceAll("'", "''") + "'";

function query() {
  if (mode === 'startup') return 'SELECT 1 AS one';
  if (!file) throw new Error('usage: duckdb_groupby.mjs startup|one|all|by FILE COLUMN...');
  const source = `read_csv(${literal(file)})`;
  if (mode === 'one') {
    const c = ident(columns[0]);
    return `SELECT ${c} AS answer, count(*) AS n FROM ${source} GROUP BY ALL ORDER BY n DESC`;
  }
  if (mode === 'by') {
    const by = ident(columns[0]);
    const c = ident(columns[1]);
    return `SELECT ${by} AS grp, ${c} AS answer, count(*) AS n FROM ${source} GROUP BY ALL ORDER BY grp, n DESC`;
  }
  if (mode === 'all') {
    const single = columns.filter((c) => !c.startsWith('+'));
    const multi = columns.filter((c) => c.startsWith('+')).map((c) => c.slice(1));
    // One scan of the file into a materialized CTE of the wanted columns, then
    // one GROUP BY per column over it. (GROUP BY GROUPING SETS and UNPIVOT
    // over the same CTE were 15-70% slower here with DuckDB 1.5.)
    const cols = single.map((c, i) => `CAST(${ident(c)} AS VARCHAR) AS c${i}`);
    multi.forEach((m, j) => cols.push(`CAST(${ident(m)} AS VARCHAR) AS m${j}`));
    const parts = single.map((_, i) => `SELECT ${i} AS question, c${i} AS answer, count(*) AS n FROM t GROUP BY ALL`);
    multi.forEach((_, j) => {
      parts.push(`SELECT ${single.length + j} AS question, a AS answer, count(*) AS n
                  FROM (SELECT unnest(string_split(m${j}, ';')) AS a FROM t) GROUP BY ALL`);
    });
    return `WITH t AS MATERIALIZED (SELECT ${cols.join(', ')} FROM ${source})
            ${parts.join(' UNION ALL ')} ORDER BY question, n DESC`;
  }
  throw new Error(`unknown mode ${mode}`);
}

const sql = query();
const instance = await DuckDBInstance.create(':memory:');
const connection = await instance.connect();
const ready = performance.now();
const reader = await connection.runAndReadAll(sql);
const done = performance.now();
const rows = reader.getRowObjects();
const threads = (await connection.runAndReadAll("SELECT current_setting('threads') AS t")).getRowObjects()[0].t;
const version = (await connection.runAndReadAll('SELECT version() AS v')).getRowObjects()[0].v;

// The rows counted for the first question: the whole file, if it was read right.
let total = 0;
for (const r of rows) if (mode !== 'all' || Number(r.question) === 0) total += Number(r.n ?? 1);

console.log(JSON.stringify({
  mode,
  duckdb: version,
  threads: Number(threads),
  startup_seconds: +(ready / 1000).toFixed(4),  // node start to connected instance
  query_seconds: +((done - ready) / 1000).toFixed(4),
  result_rows: rows.length,
  total_counted: total,
}));
if (print) for (const r of rows) console.log(JSON.stringify(r, (_, v) => (typeof v === 'bigint' ? Number(v) : v)));
