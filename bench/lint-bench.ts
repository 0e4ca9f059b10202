// Lint benchmark: 500 realistic Flyway migrations written to a temp directory, then loaded, split,
// parsed and rated exactly as `driftboard lint` does. Target: ≤ 2 s.
// Run alone: `npx tsx bench/lint-bench.ts`.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { loadMigrationSet } from '../lib/migrations/load';
import { lintMigrations } from '../lib/lint';
import { RISK_LEVELS } from '../lib/model/risk';

export const LINT_TARGET_MS = 2000;
const MIGRATIONS = 500;

/** Deterministic pseudo-random numbers, so every run lints the same files. */
function rng(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

function generate(count: number): string[] {
  const rand = rng(42);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)];
  const tables: string[] = ['users', 'accounts', 'orders'];
  const files: string[] = [];
  for (let i = 1; i <= count; i++) {
    const t = pick(tables);
    const n = i;
    const parts: string[] = [`-- migration ${i}: generated`];
    const kinds = 1 + Math.floor(rand() * 4);
    for (let k = 0; k < kinds; k++) {
      switch (Math.floor(rand() * 17)) {
        case 0: {
          const name = `t${n}_${k}`;
          tables.push(name);
          parts.push(`CREATE TABLE ${name} (\n  id bigserial PRIMARY KEY,\n  account_id bigint NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,\n  name varchar(200) NOT NULL,\n  status text NOT NULL DEFAULT 'new',\n  meta jsonb,\n  created_at timestamptz NOT NULL DEFAULT now(),\n  deleted_at timestamptz\n);`);
          parts.push(`CREATE INDEX ${name}_account_idx ON ${name} (account_id) WHERE deleted_at IS NULL;`);
          break;
        }
        case 1: parts.push(`CREATE INDEX ${t}_c${n}_idx ON ${t} (lower(name), created_at DESC);`); break;
        case 2: parts.push(`ALTER TABLE ${t} ADD COLUMN c${n} integer NOT NULL DEFAULT 0;`); break;
        case 3: parts.push(`ALTER TABLE ${t} ADD COLUMN u${n} uuid DEFAULT gen_random_uuid();`); break;
        case 4: parts.push(`ALTER TABLE ${t} ALTER COLUMN name TYPE varchar(${300 + n});`); break;
        case 5: parts.push(`ALTER TABLE ${t} ADD CONSTRAINT ${t}_chk${n} CHECK (char_length(name) > 0) NOT VALID;\nALTER TABLE ${t} VALIDATE CONSTRAINT ${t}_chk${n};`); break;
        case 6: parts.push(`ALTER TABLE ${t} ALTER COLUMN status SET NOT NULL;`); break;
        case 7: parts.push(`ALTER TABLE ${t} ADD CONSTRAINT ${t}_fk${n} FOREIGN KEY (account_id) REFERENCES accounts (id);`); break;
        case 8: parts.push(`UPDATE ${t} SET status = 'active' WHERE status IS NULL AND id < ${n * 1000};`); break;
        case 9: parts.push(`COMMENT ON TABLE ${t} IS 'Owned by team ${n % 7}; see docs; do not drop';`); break;
        case 10: parts.push(`CREATE OR REPLACE FUNCTION touch_${n}() RETURNS trigger LANGUAGE plpgsql AS $$\nBEGIN\n  NEW.updated_at := now(); -- keep fresh; really\n  RETURN NEW;\nEND;\n$$;`); break;
        case 11: parts.push(`ALTER TABLE ${t} RENAME COLUMN meta TO meta_${n};`); break;
        case 12: parts.push(`ALTER TABLE ${t} DROP COLUMN IF EXISTS legacy_${n};`); break;
        case 13: parts.push(`INSERT INTO settings (key, value) VALUES ('flag_${n}', 'on') ON CONFLICT (key) DO NOTHING;`); break;
        case 14: parts.push(`DO $body$\nBEGIN\n  IF NOT EXISTS (SELECT 1 FROM pg_type WHERE typname = 'mood_${n}') THEN\n    CREATE TYPE mood_${n} AS ENUM ('a', 'b');\n  END IF;\nEND\n$body$;`); break;
        case 15: parts.push(`CREATE UNIQUE INDEX CONCURRENTLY ${t}_k${n}_key ON ${t} (account_id, name);`); break;
        default: parts.push(`ALTER TYPE order_status ADD VALUE IF NOT EXISTS 's${n}';`); break;
      }
    }
    files.push(parts.join('\n\n') + '\n');
  }
  return files;
}

export interface LintBenchResult {
  migrations: number;
  statements: number;
  loadMs: number;
  rateMs: number;
  totalMs: number;
  targetMs: number;
}

export async function runLintBench(): Promise<LintBenchResult> {
  const dir = await mkdtemp(join(tmpdir(), 'driftboard-lint-bench-'));
  try {
    const files = generate(MIGRATIONS);
    await Promise.all(files.map((text, i) => writeFile(join(dir, `V${i + 1}__generated_${i + 1}.sql`), text)));

    const t0 = performance.now();
    const set = await loadMigrationSet({ tool: 'sql', path: dir });
    const t1 = performance.now();
    const result = await lintMigrations(set);
    const t2 = performance.now();

    const statements = set.migrations.reduce((n, m) => n + m.statements.length, 0);
    const byLevel = Object.fromEntries(RISK_LEVELS.map((l) => [l, result.migrations.filter((m) => m.risk === l).length]));
    const out: LintBenchResult = {
      migrations: set.migrations.length,
      statements,
      loadMs: t1 - t0,
      rateMs: t2 - t1,
      totalMs: t2 - t0,
      targetMs: LINT_TARGET_MS,
    };
    const verdict = out.totalMs <= LINT_TARGET_MS ? 'OK' : 'OVER TARGET';
    console.log(`lint: ${out.migrations} migrations, ${statements} statements`);
    console.log(`  load+split ${out.loadMs.toFixed(0)} ms, parse+rate ${out.rateMs.toFixed(0)} ms`);
    console.log(`  total      ${out.totalMs.toFixed(0)} ms   target ≤ ${LINT_TARGET_MS} ms   ${verdict}`);
    console.log(`  risk: ${JSON.stringify(byLevel)}; parse errors: ${result.diagnostics.filter((d) => d.code === 'parse-error').length}`);
    return out;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  await runLintBench();
}
