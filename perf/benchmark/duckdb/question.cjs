// Asks DuckDB the question tagspec bench answers, on the same export files,
// so that run.sh can compare the answers and the cost: the number of rows,
// the number of sessions (distinct user_pseudo_id and ga_session_id, the
// first ga_session_id of a row, its int_value or else its string_value read
// as an integer), and for each condition the sessions that have every event
// the condition names.
//
// Usage: node question.cjs DUCKDB_DIR json|parquet THREADS CONDITIONS_JSON FILE...
//   DUCKDB_DIR       the folder where `npm install @duckdb/node-api` was run
//   CONDITIONS_JSON  e.g. [["view_item"],["begin_checkout","purchase"]]
// Prints one JSON object: {"duckdb": version, "rows": n, "sessions": n, "counts": [n, ...]}.
'use strict';
const path = require('path');

async function main() {
  const [dir, format, threads, condJSON, ...files] = process.argv.slice(2);
  if (!dir || !['json', 'parquet'].includes(format) || !(Number(threads) > 0) || !condJSON || files.length === 0) {
    throw new Error('usage: node question.cjs DUCKDB_DIR json|parquet THREADS CONDITIONS_JSON FILE...');
  }
  const conditions = JSON.parse(condJSON);
  if (!Array.isArray(conditions) || !conditions.every((c) => Array.isArray(c) && c.length > 0 && c.every((e) => typeof e === 'string'))) {
    throw new Error(`conditions ${condJSON}: want a JSON array of non-empty arrays of event names`);
  }
  const { DuckDBInstance } = require(path.join(path.resolve(dir), 'node_modules', '@duckdb', 'node-api'));
  const db = await DuckDBInstance.create(':memory:', { threads: String(threads) });
  const con = await db.connect();

  const lit = (s) => `'${String(s).replaceAll("'", "''")}'`;
  const list = `[${files.map(lit).join(', ')}]`;
  // Only the three columns the question needs, so DuckDB skips the rest.
  const source = format === 'parquet'
    ? `read_parquet(${list})`
    : `read_json(${list}, format = 'newline_delimited', records = true, maximum_object_size = 16777216,
         columns = {user_pseudo_id: 'VARCHAR', event_name: 'VARCHAR',
                    event_params: 'STRUCT(key VARCHAR, value STRUCT(string_value VARCHAR, int_value BIGINT))[]'})`;
  const events = [...new Set(conditions.flat())];
  const has = events.map((e, i) => `bool_or(n = ${lit(e)}) AS h${i}`).join(',\n         ');
  const counts = conditions
    .map((c) => `count_if(ok AND ${c.map((e) => `h${events.indexOf(e)}`).join(' AND ')})`)
    .join(',\n       ');
  const sql = `
WITH e AS (
  SELECT user_pseudo_id AS u, event_name AS n,
         list_filter(event_params, p -> p.key = 'ga_session_id')[1].value AS v
  FROM ${source}
), s AS (
  SELECT u, coalesce(v.int_value, try_cast(v.string_value AS BIGINT)) AS sid, n FROM e
), sess AS (
  SELECT u IS NOT NULL AND u <> '' AND sid IS NOT NULL AS ok, count(*) AS rows,
         ${has}
  FROM s GROUP BY u, sid
)
SELECT sum(rows)::BIGINT AS rows, count_if(ok) AS sessions,
       ${counts}
FROM sess`;
  const reader = await con.runAndReadAll(sql);
  const row = reader.getRows()[0];
  const version = (await con.runAndReadAll('SELECT version()')).getRows()[0][0];
  const n = (x) => Number(x);
  process.stdout.write(JSON.stringify({ duckdb: version, threads: Number(threads), rows: n(row[0]), sessions: n(row[1]), counts: row.slice(2).map(n) }) + '\n');
}

main().catch((err) => {
  process.stderr.write(`question.cjs: ${err && err.message ? err.message : err}\n`);
  process.exit(1);
});
