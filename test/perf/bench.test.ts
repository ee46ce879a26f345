/**
 * The benchmark harness's own logic (bench/): how captured statements become
 * a replay plan, the case matrix, and the report's verdicts. No timing is
 * asserted anywhere: `npm run bench` measures, `npm test` checks behaviour.
 */
import t from 'tap';
import { planOf } from '../../bench/capture.js';
import { benchCase, deepOffset, scales } from '../../bench/cases.js';
import type { LoadRow, Results } from '../../bench/report.js';
import { renderMarkdown, verdicts } from '../../bench/report.js';

const stmt = (text: string, client: number, start: number, end: number) => ({ text, values: [], client, start, end });

t.test('planOf: sequential stages, concurrent units, transactions kept on one client', async (t) => {
  const plan = planOf([
    stmt('select token', 1, 0, 1),
    stmt('select count(*)', 1, 2, 5),
    stmt('select page', 2, 2.1, 4),
  ]);
  t.equal(plan.length, 2, 'auth, then count and page together');
  t.same(
    plan[1]?.map((u) => u.statements[0]?.text),
    ['select count(*)', 'select page'],
  );
  const cursor = planOf([
    stmt('select token', 1, 0, 1),
    stmt('start transaction read only', 2, 2, 3),
    stmt('DECLARE bgtasks_rows NO SCROLL CURSOR FOR select 1', 2, 3, 4),
    stmt('FETCH 1000 FROM bgtasks_rows', 2, 4, 5),
    stmt('FETCH 1000 FROM bgtasks_rows', 2, 5, 6),
    stmt('commit', 2, 6, 7),
  ]);
  t.equal(cursor.length, 2);
  t.equal(cursor[1]?.length, 1, 'the whole transaction is one unit');
  t.equal(cursor[1]?.[0]?.transaction, true);
  t.equal(cursor[1]?.[0]?.statements.length, 5);
});

t.test('the case matrix', async (t) => {
  t.equal(deepOffset(1_000_000), 900_000);
  t.equal(deepOffset(10_000), 9_000);
  t.equal(benchCase('failed-deep', 100_000).path, '/api/background-task/failed/?limit=25&offset=90000');
  t.equal(benchCase('failed', 10).path, '/api/background-task/failed/?limit=25', 'default ordering is -stopped');
  const [ten, , million] = scales(['10k', '100k', '1m']);
  t.same(ten?.phases.map((p) => p.indexes), [false, true], '10k without and with the indexes');
  t.same(million?.phases.map((p) => p.indexes), [false, true], 'without, then with the indexes');
  t.equal(million?.phases[1]?.cases.find((c) => c.id === 'failed-all')?.mode, 'stream', 'the 1M unpaginated list is one streamed request');
  t.same(
    scales(['10k'], ['overview']).flatMap((s) => s.phases.map((p) => p.cases.map((c) => c.id))),
    [['overview'], ['overview']],
    '--cases filters every phase',
  );
  t.throws(() => scales(['5k']));
});

function row(scale: string, caseId: string, rps: number, ceiling: number, p99: number, indexes = false): LoadRow {
  const load = { rps, p50: p99 / 2, p99, requests: rps * 8, failures: 0 };
  return { scale, indexes, caseId, label: caseId, http: load, ceiling: { ...load, rps: ceiling }, peakRssBytes: 100 * 1048576, cpuMsPerRequest: 1, statements: 3 };
}

t.test('verdicts follow the numbers', async (t) => {
  const results: Results = {
    facts: {
      date: 'd',
      cpus: 'cpu',
      cores: 2,
      memory: '1 GB',
      node: 'v20',
      postgres: 'PostgreSQL 15',
      postgresSettings: '',
      commit: 'abc',
      loadBefore: '0',
      connections: 16,
      duration: 8,
      warmup: 2,
      poolMax: 10,
      countsTtl: 2,
      seeding: [],
      indexBuilds: [],
      visibility: [],
      mode: 'test',
    },
    load: [
      row('10k', 'overview', 700, 1000, 20),
      row('10k', 'failed', 500, 1000, 60),
      row('10k', 'failed-basic', 480, 1000, 60),
      row('1m', 'overview', 700, 1000, 30, true),
      row('1m', 'failed', 400, 500, 45, true),
    ],
    streams: [],
    probes: [],
    pglite: [
      { what: 'first start (initdb, migrate, admin, demo seed)', ms: 9000, rssBytes: 1 },
      { what: 'restart on the existing data directory', ms: 3500, rssBytes: 1 },
    ],
  };
  const v = Object.fromEntries(verdicts(results).map((x) => [x.target, x.result]));
  t.equal(v['10k (no extra indexes): every paginated list and the overview ≥ 60 % of the raw-SQL ceiling'], 'FAILS', 'failed is at 50 %');
  t.equal(v['10k (no extra indexes): p99 < 50 ms at 16 connections'], 'FAILS');
  t.equal(v['1M: overview p99 < 50 ms while polled'], 'holds');
  t.equal(v['1M: failed ?limit=25&ordering=-stopped p99 < 50 ms with the indexes'], 'holds');
  t.equal(v["Basic auth within 10 % of token auth's req/s"], 'holds', '96 %');
  t.equal(v['PGlite: first start (initdb + demo seed) < 15 s'], 'holds');
  t.equal(v['PGlite: start on an existing data directory < 3 s'], 'FAILS');
  const md = renderMarkdown(results);
  t.match(md, /\| 10k \| none \| failed \| 500 \|/, 'the load table');
  t.match(md, /## Targets/);
});
