/**
 * Snapshot and diff benchmark: a database of 2,000 tables × 25 columns (indexes, foreign keys,
 * serial sequences; a trigger, a policy and a grant on every tenth table; 500 functions), then, side by side, snapshot time (introspect + normalize + hash) against
 * `pg_dump --schema-only` on the same database, and the diff time of two such snapshots.
 *
 *   npx tsx bench/schema-bench.ts        (targets: snapshot ≤ 0.5 × pg_dump, diff ≤ 50 ms)
 */
import { execFile } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { openTarget } from '../lib/db';
import { diffSchemas } from '../lib/diff';
import { introspect } from '../lib/introspect';
import type { SchemaModel, Snapshot } from '../lib/model';
import { createTestDatabase } from '../lib/testing/pg-test-db';

const run = promisify(execFile);

const TABLES = 2_000;
const COLUMNS = 25;
/** Tables per transaction: each new table, index and sequence holds a lock until commit. */
const BATCH = 100;
const RUNS = 3;
const FUNCTIONS = 500;

export interface SchemaBenchResult {
  tables: number;
  columns: number;
  buildMs: number;
  snapshotMs: number;
  /** The same snapshot read on a single session (no openSession). */
  snapshotOneSessionMs: number;
  pgDumpMs: number;
  ratio: number;
  diffMs: number;
  diffChanges: number;
  functions: number;
  triggers: number;
  policies: number;
}

const TYPES = ['text', 'integer', 'bigint', 'numeric(12,2)', 'timestamptz', 'boolean', 'varchar(120)', 'jsonb', 'date', 'uuid'];

/** DDL of tables [from, to): id, a foreign key to the previous table, 23 more columns, 3 indexes. */
export function tablesDdl(from: number, to: number): string {
  const out: string[] = [];
  for (let i = from; i < to; i++) {
    const cols = ['id bigserial primary key', i > 0 ? `parent_id bigint references public.t${i - 1}(id) on delete cascade` : 'parent_id bigint'];
    for (let c = 3; c <= COLUMNS; c++) {
      const type = TYPES[(i + c) % TYPES.length];
      const notNull = c % 4 === 0 ? ' not null' : '';
      const dflt = type === 'boolean' ? ' default false' : type === 'timestamptz' ? ' default now()' : '';
      cols.push(`c${c} ${type}${notNull}${dflt}`);
    }
    out.push(`create table public.t${i} (${cols.join(', ')});`);
    out.push(`create index t${i}_parent_id_idx on public.t${i} (parent_id);`);
    out.push(`create index t${i}_c3_idx on public.t${i} (c3) where c3 is not null;`);
    if (i % 10 === 0) {
      out.push(`alter table public.t${i} add constraint t${i}_c4_key unique (c4);`);
      out.push(`create trigger t${i}_touch before update on public.t${i} for each row execute function public.bench_touch();`);
      out.push(`alter table public.t${i} enable row level security;`);
      out.push(`create policy t${i}_own on public.t${i} for select using (parent_id is not null);`);
      out.push(`grant select on public.t${i} to public;`);
    }
  }
  return out.join('\n');
}

/** The trigger function (created before the tables) and FUNCTIONS more plpgsql / sql functions. */
export const TRIGGER_FUNCTION_DDL = `create function public.bench_touch() returns trigger language plpgsql as $$ begin return new; end $$;`;

export function functionsDdl(): string {
  const out: string[] = [];
  for (let k = 0; k < FUNCTIONS; k++) {
    out.push(
      k % 2 === 0
        ? `create function public.f${k}(a integer, b text default 'x') returns integer language plpgsql stable as $$ begin return a + length(b) + ${k}; end $$;`
        : `create function public.f${k}(a bigint) returns bigint language sql immutable strict as $$ select a * ${k} $$;`,
    );
  }
  return out.join('\n');
}

function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

async function timed<T>(fn: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const start = performance.now();
  const value = await fn();
  return { ms: performance.now() - start, value };
}

/** A copy of `model` with a few realistic changes, for the diff timing. */
function withChanges(model: SchemaModel): SchemaModel {
  const m = structuredClone(model);
  const t = (name: string) => m.tables.find((x) => x.name === name)!;
  t('t10').columns.pop();
  t('t20').columns[3].type = 'text';
  t('t30').indexes.pop();
  t('t40').columns[5].nullable = !t('t40').columns[5].nullable;
  m.tables = m.tables.filter((x) => x.name !== 't50');
  return m;
}

/** Builds the database, measures, drops the database; returns the numbers. */
export async function measureSchemaBench(): Promise<SchemaBenchResult> {
  const db = await createTestDatabase('driftboard_bench');
  try {
    const build = await timed(async () => {
      await db.exec(TRIGGER_FUNCTION_DDL);
      for (let from = 0; from < TABLES; from += BATCH) await db.exec(tablesDdl(from, Math.min(TABLES, from + BATCH)));
      await db.exec(functionsDdl());
      await db.exec('analyze');
    });

    const snapshotOnce = (twoSessions = true) =>
      timed(async () => {
        const target = await openTarget(db.url, { timeoutMs: 60_000 });
        try {
          // A second session reads half of the catalog at the same time (one exported snapshot).
          const openSession = twoSessions ? () => openTarget(db.url, { timeoutMs: 60_000 }) : undefined;
          return await introspect(target, { statementTimeoutMs: 60_000, openSession });
        } finally {
          await target.close();
        }
      });
    const dumpOnce = () => timed(() => run('pg_dump', ['--schema-only', '--file', '/dev/null', db.url], { maxBuffer: 1 << 26 }));

    // One warm-up of each, then alternate so both see the same cache and machine load.
    await dumpOnce();
    let snap: Snapshot = (await snapshotOnce()).value;
    const snapshotMs: number[] = [];
    const oneSessionMs: number[] = [];
    const dumpMs: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      const s = await snapshotOnce();
      snapshotMs.push(s.ms);
      snap = s.value;
      dumpMs.push((await dumpOnce()).ms);
      const one = await snapshotOnce(false);
      if (one.value.hash !== snap.hash) throw new Error('one-session and two-session snapshots differ');
      oneSessionMs.push(one.ms);
    }

    const changed = withChanges(snap.schema);
    diffSchemas(snap.schema, changed); // warm-up (JIT)
    const diffRuns: number[] = [];
    let diffChanges = 0;
    for (let i = 0; i < 5; i++) {
      const start = performance.now();
      diffChanges = diffSchemas(snap.schema, changed).length;
      diffRuns.push(performance.now() - start);
    }

    const snapshot = median(snapshotMs);
    const pgDump = median(dumpMs);
    return {
      tables: snap.schema.tables.length,
      columns: snap.schema.tables.reduce((n, x) => n + x.columns.length, 0),
      buildMs: build.ms,
      snapshotMs: snapshot,
      snapshotOneSessionMs: median(oneSessionMs),
      pgDumpMs: pgDump,
      ratio: snapshot / pgDump,
      diffMs: median(diffRuns),
      diffChanges,
      functions: snap.schema.functions?.length ?? 0,
      triggers: snap.schema.triggers?.length ?? 0,
      policies: snap.schema.policies?.length ?? 0,
    };
  } finally {
    await db.drop();
  }
}

function printTable(r: SchemaBenchResult): void {
  const ms = (x: number) => `${x.toFixed(1)} ms`;
  const rows: Array<[string, string, string, string]> = [
    ['snapshot (introspect + normalize + hash)', ms(r.snapshotMs), '', ''],
    ['pg_dump --schema-only', ms(r.pgDumpMs), '', ''],
    ['snapshot / pg_dump', r.ratio.toFixed(2), '≤ 0.50', r.ratio <= 0.5 ? 'ok' : 'MISSED'],
    ['  same, one session (no openSession)', ms(r.snapshotOneSessionMs), '', (r.snapshotOneSessionMs / r.pgDumpMs).toFixed(2)],
    [`diff of two snapshots (${r.diffChanges} changes)`, ms(r.diffMs), '≤ 50 ms', r.diffMs <= 50 ? 'ok' : 'MISSED'],
  ];
  const widths = [0, 1, 2, 3].map((i) => Math.max(...rows.map((row) => row[i].length), ['measure', 'value', 'target', ''][i].length));
  const line = (cells: string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ');
  console.log(
    `schema bench: ${r.tables} tables, ${r.columns} columns, ${r.functions} functions, ${r.triggers} triggers, ${r.policies} policies (built in ${(r.buildMs / 1000).toFixed(1)} s)`,
  );
  console.log(line(['measure', 'value', 'target', '']));
  console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const row of rows) console.log(line(row));
}

export async function runSchemaBench(): Promise<void> {
  printTable(await measureSchemaBench());
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  runSchemaBench().catch((err) => {
    console.error(err instanceof Error ? err.message : String(err));
    process.exitCode = 1;
  });
}
