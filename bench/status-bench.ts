// `status` of a 420-migration golang-migrate project on a database at head, whole CLI process:
// cold (no cache) against psql applying the same migrations to a fresh local database (goal ≤ 2×),
// warm (goal ≤ 1 s) and after one new migration (goal ≤ 1.5 s).
// Run alone: `npx tsx bench/status-bench.ts`.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtemp, rm, writeFile, mkdir } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { createTestDatabase, type TestDatabase } from '../lib/testing/pg-test-db';

const MIGRATIONS = 420;
const GOALS = { coldRatio: 2, warmMs: 1000, oneMoreMs: 1500 };

/** Deterministic pseudo-random numbers, so every run replays the same project. */
function rng(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

/** A realistic history: tables with FKs, added columns, indexes, enums and their new values, a few drops. */
export function generateMigrations(count: number, seed = 7): string[] {
  const rand = rng(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)];
  const tables: string[] = ['accounts'];
  const enums: string[] = [];
  const files: string[] = ["CREATE TABLE accounts (\n  id bigserial PRIMARY KEY,\n  name varchar(200) NOT NULL,\n  created_at timestamptz NOT NULL DEFAULT now()\n);\n"];
  for (let n = 2; n <= count; n++) {
    const parts: string[] = [];
    const kinds = 1 + Math.floor(rand() * 3);
    for (let k = 0; k < kinds; k++) {
      const t = pick(tables);
      switch (Math.floor(rand() * 10)) {
        case 0:
        case 1: {
          const name = `t${n}_${k}`;
          const parent = pick(tables);
          tables.push(name);
          parts.push(
            `CREATE TABLE ${name} (\n  id bigserial PRIMARY KEY,\n  ${parent}_id bigint NOT NULL REFERENCES ${parent} (id) ON DELETE CASCADE,\n  name varchar(200) NOT NULL,\n  status text NOT NULL DEFAULT 'new',\n  meta jsonb,\n  created_at timestamptz NOT NULL DEFAULT now()\n);`,
            `CREATE INDEX ${name}_${parent}_idx ON ${name} (${parent}_id);`,
          );
          break;
        }
        case 2:
          parts.push(`ALTER TABLE ${t} ADD COLUMN c${n}_${k} integer NOT NULL DEFAULT 0;`);
          break;
        case 3:
          parts.push(`ALTER TABLE ${t} ADD COLUMN u${n}_${k} text;`, `CREATE INDEX ${t}_u${n}_${k}_idx ON ${t} (u${n}_${k}) WHERE u${n}_${k} IS NOT NULL;`);
          break;
        case 4:
          parts.push(`CREATE INDEX ${t}_n${n}_${k}_idx ON ${t} (lower(name), created_at DESC);`);
          break;
        case 5: {
          const e = `kind_${n}_${k}`;
          enums.push(e);
          parts.push(`CREATE TYPE ${e} AS ENUM ('a', 'b');`, `ALTER TABLE ${t} ADD COLUMN ${e} ${e};`);
          break;
        }
        case 6:
          if (enums.length) parts.push(`ALTER TYPE ${pick(enums)} ADD VALUE IF NOT EXISTS 'v${n}_${k}';`);
          break;
        case 7: {
          const other = pick(tables);
          parts.push(`ALTER TABLE ${t} ADD COLUMN ref${n}_${k} bigint;`, `ALTER TABLE ${t} ADD CONSTRAINT ${t}_ref${n}_${k}_fk FOREIGN KEY (ref${n}_${k}) REFERENCES ${other} (id);`);
          break;
        }
        case 8:
          parts.push(`ALTER TABLE ${t} ALTER COLUMN name TYPE varchar(${300 + n});`);
          break;
        default:
          parts.push(`ALTER TABLE ${t} ADD CONSTRAINT ${t}_chk${n}_${k} CHECK (char_length(name) > 0);`);
          break;
      }
    }
    files.push(parts.join('\n') + '\n');
  }
  return files;
}

const fileName = (i: number) => `${String(i).padStart(6, '0')}_m${i}.up.sql`;

/** Writes the migrations and a config pointing at `url`; returns the project folder. */
export async function writeStatusProject(dir: string, migrations: string[], url: string): Promise<void> {
  await mkdir(join(dir, 'migrations'), { recursive: true });
  await Promise.all(migrations.map((sql, i) => writeFile(join(dir, 'migrations', fileName(i + 1)), sql)));
  await writeFile(
    join(dir, 'driftboard.config.json'),
    JSON.stringify({ migrations: { tool: 'sql', path: './migrations' }, environments: [{ name: 'local', url }] }),
  );
}

function psqlApply(db: TestDatabase, migrations: string[]): number {
  const t = performance.now();
  // One psql per run, each file in its own transaction, like golang-migrate applies them.
  const script = migrations.map((sql) => `BEGIN;\n${sql}COMMIT;\n`).join('');
  execFileSync('psql', ['-q', '-v', 'ON_ERROR_STOP=1', '-X', db.url], { input: script, stdio: ['pipe', 'ignore', 'inherit'] });
  return performance.now() - t;
}

function status(project: string, extra: string[] = []): number {
  const t = performance.now();
  // The cache goes to the project's .driftboard/cache (the CLI default).
  const childEnv = { ...process.env, DRIFTBOARD_CACHE_DIR: '' };
  // The bundle itself (what bin/driftboard.mjs runs when it is fresh): a source edited during the run
  // must not switch a measurement to tsx.
  const launch = `const { main } = await import(${JSON.stringify(pathToFileURL(resolve('dist/cli/cli.mjs')).href)}); await main(process.argv.slice(1));`;
  const r = spawnSync(process.execPath, ['--input-type=module', '-e', launch, 'status', '--json', ...extra], { cwd: project, encoding: 'utf8', env: childEnv });
  const ms = performance.now() - t;
  if (r.status !== 0) throw new Error(`status exited with ${r.status}: ${r.stderr}\n${r.stdout.slice(0, 2000)}`);
  const env = JSON.parse(r.stdout).environments[0];
  if (env.status !== 'ok' || env.behind !== 0 || env.drift.changes.length || env.drift.replayProblems.length) {
    throw new Error(`status is not ok at head without drift: ${JSON.stringify(env).slice(0, 2000)}`);
  }
  return ms;
}

/**
 * A fixed amount of plain JavaScript in a fresh node (3·10⁸ loop turns): how fast this machine is right
 * now. A shared VM's speed drifts (0.5 s on an idle one here, 0.8 s when its host is busy, without any
 * load inside it), and every time above moves with it.
 */
function cpuReference(): number {
  const t = performance.now();
  execFileSync(process.execPath, ['-e', 'let x = 0; for (let i = 0; i < 3e8; i++) x += i % 7; if (x < 0) console.log(x)']);
  return performance.now() - t;
}

export async function runStatusBench(count = MIGRATIONS): Promise<Record<string, number>> {
  const all = generateMigrations(count + 1);
  const migrations = all.slice(0, count);
  // Whole-process timings with the compiled CLI (what an installed driftboard runs), not tsx.
  execFileSync(process.execPath, [resolve('scripts/build-cli.mjs')], { stdio: 'ignore' });
  const project = await mkdtemp(join(tmpdir(), 'driftboard-status-bench-'));
  const [reference, target] = await Promise.all([createTestDatabase('dbt_bench_psql'), createTestDatabase('dbt_bench_status')]);
  try {
    const cpuMs = cpuReference();
    const psqlMs = psqlApply(reference, migrations);
    psqlApply(target, migrations);
    const version = (n: number) => target.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (version bigint not null primary key, dirty boolean not null); DELETE FROM schema_migrations; INSERT INTO schema_migrations VALUES (${n}, false)`);
    await version(count);
    await writeStatusProject(project, migrations, target.url);
    const coldMs = status(project, ['--no-cache']);
    const firstMs = status(project); // fills the cache
    const warmMs = status(project);
    await writeFile(join(project, 'migrations', fileName(count + 1)), all[count]);
    await target.exec(`BEGIN;\n${all[count]}COMMIT;`);
    await version(count + 1);
    const oneMoreMs = status(project);
    const row = (label: string, ms: number, goal: string) => `${label.padEnd(44)} ${(ms / 1000).toFixed(2).padStart(6)} s   ${goal}`;
    console.log(
      [
        row(`psql applies ${count} migrations (reference)`, psqlMs, ''),
        row('status, cold (--no-cache)', coldMs, `${(coldMs / psqlMs).toFixed(1)}× psql (goal ≤ ${GOALS.coldRatio}×)`),
        row('status, first run (replays, fills the cache)', firstMs, ''),
        row('status, warm (cache hit)', warmMs, `(goal ≤ ${GOALS.warmMs / 1000} s)`),
        row('status after one new migration (incremental)', oneMoreMs, `(goal ≤ ${GOALS.oneMoreMs / 1000} s)`),
        // A shared 2-core machine: the load and the CPU reference say how far these are from an idle run.
        row('CPU reference (3e8 loop turns in node)', cpuMs, '(0.5 s when the host is idle)'),
        `load average (1, 5, 15 min) at the end: ${loadavg().map((l) => l.toFixed(1)).join(', ')}`,
      ].join('\n'),
    );
    return { cpuMs, psqlMs, coldMs, firstMs, warmMs, oneMoreMs };
  } finally {
    await Promise.all([reference.drop(), target.drop()]);
    await rm(project, { recursive: true, force: true });
  }
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) {
  await runStatusBench(Number(process.argv[2]) || MIGRATIONS);
  process.exit(0);
}
