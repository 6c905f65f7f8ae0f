// The DuckDB baseline of build-aux/bench.sh's metrics benchmark: the same
// four metrics per touchpoint and month as `waymark-cli metric refresh`
// (NPS, CSAT, the CES mean and NPS of web answers), read straight from the
// survey CSV in one scan, then added up over the whole time per touchpoint.
//
//   node build-aux/bench-duckdb.mjs SURVEY.csv [THREADS]
//
// Needs @duckdb/node-api (bench.sh installs it with npm, for the benchmark
// only: it is not a dependency of Waymark). Prints the touchpoints' count.
import { DuckDBInstance } from '@duckdb/node-api';

const [csv, threads = '2'] = process.argv.slice(2);
if (!csv) {
  console.error('usage: node bench-duckdb.mjs SURVEY.csv [THREADS]');
  process.exit(2);
}

const instance = await DuckDBInstance.create(':memory:', { threads });
const connection = await instance.connect();
const quoted = csv.replaceAll("'", "''");

// A valid answer is a whole number on the scale, as Waymark reads it; the
// rows of a touchpoint are those whose key is its title, trimmed and
// case-insensitively. The fastest form found: text columns with TRY_CAST
// (regexp_full_match is 5 % slower, DuckDB's typed reading 10 %).
await connection.run(`
  CREATE TEMP TABLE monthly AS
  SELECT lower(trim(Touchpoint)) AS touchpoint, substr("Date", 1, 7) AS month,
         count(nps) AS nps_n, count_if(nps >= 9) AS promoters, count_if(nps <= 6) AS detractors,
         count(csat) AS csat_n, count_if(csat >= 4) AS satisfied, count(ces) AS ces_n, sum(ces) AS ces_sum,
         count(CASE WHEN web THEN nps END) AS web_n, count_if(web AND nps >= 9) AS web_promoters,
         count_if(web AND nps <= 6) AS web_detractors
  FROM (SELECT Touchpoint, "Date", lower(trim(Channel)) = 'web' AS web,
               CASE WHEN TRY_CAST(trim(NPS) AS INTEGER) BETWEEN 0 AND 10 THEN TRY_CAST(trim(NPS) AS INTEGER) END AS nps,
               CASE WHEN TRY_CAST(trim(CSAT) AS INTEGER) BETWEEN 1 AND 5 THEN TRY_CAST(trim(CSAT) AS INTEGER) END AS csat,
               CASE WHEN TRY_CAST(trim(CES) AS INTEGER) BETWEEN 1 AND 7 THEN TRY_CAST(trim(CES) AS INTEGER) END AS ces
        FROM read_csv('${quoted}', header = true, all_varchar = true))
  GROUP BY 1, 2`);

const monthly = await connection.runAndReadAll(`
  SELECT touchpoint, month, 100.0 * (promoters - detractors) / nps_n, nps_n, 100.0 * satisfied / csat_n, csat_n,
         1.0 * ces_sum / ces_n, ces_n, 100.0 * (web_promoters - web_detractors) / web_n, web_n
  FROM monthly`);
const overall = await connection.runAndReadAll(`
  SELECT touchpoint, 100.0 * (sum(promoters) - sum(detractors)) / sum(nps_n), sum(nps_n),
         100.0 * sum(satisfied) / sum(csat_n), sum(csat_n), 1.0 * sum(ces_sum) / sum(ces_n), sum(ces_n),
         100.0 * (sum(web_promoters) - sum(web_detractors)) / sum(web_n), sum(web_n)
  FROM monthly GROUP BY touchpoint`);

console.log(`${overall.getRows().length} touchpoints, ${monthly.getRows().length} touchpoint-months`);
