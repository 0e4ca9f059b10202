import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeShadowTemplate } from '../../expected';
import type { DriftboardConfig, EnvironmentConfig } from '../../model/config';
import type { MigrationSet, Unanalyzed } from '../../model/migration';
import type { EnvironmentStatus } from '../../model/status';
import { checkEnvironment } from '../../status';
import { runAlembicProject } from '../../testing/alembic';
import { createTestDatabase, type TestDatabase } from '../../testing/pg-test-db';
import { loadMigrationSet } from '../load';

/**
 * The corpus: three realistic Alembic projects (fixtures/alembic-corpus/*), each built by the real Alembic
 * with its own alembic.ini and env.py. Driftboard, reading only the files, must find every environment `ok`
 * with zero drift at head and at a middle revision. Data-migration blocks are the only findings expected.
 */

const CORPUS = resolve(__dirname, '../../../fixtures/alembic-corpus');

interface CorpusProject {
  name: string;
  root: string;
  /** alembic.ini, relative to the root. */
  ini: string;
  /** The versions folder a user would configure as `migrations.path`. */
  versions: string;
  head: string;
  mid: string;
  /** Revisions whose upgrade() holds data-migration code, with how many blocks each (one finding per block). */
  dataBlocks: Record<string, number>;
  /**
   * Other findings the project deserves, by revision: real hazards, not noise. A `use_alter=True` foreign key
   * inside op.create_table is never created by Alembic 1.8 (SQLAlchemy leaves it out of CREATE TABLE and
   * only create_all() adds the ALTER), so the reader names it.
   */
  hazards?: Record<string, RegExp>;
}

const PROJECTS: CorpusProject[] = [
  {
    // Autogenerate-heavy Flask app: naming convention + op.f(), GUID/JSONEncoded TypeDecorators, batch mode,
    // names truncated to 63 characters, a merge of two branches, enum values added in autocommit blocks.
    name: 'flask-autogen',
    root: join(CORPUS, 'flask-autogen'),
    ini: 'migrations/alembic.ini',
    versions: join(CORPUS, 'flask-autogen/migrations/versions'),
    head: '7b94489fc384',
    mid: '5a959d2214c0',
    dataBlocks: { d58eb07b4071: 1, '9d29eece8abe': 1, '7040067915f0': 1 },
  },
  {
    // Hand-written SaaS: core/billing schemas, circular FKs (use_alter), a shared enum, dialect branches,
    // audit-column helpers, raw SQL (trigger functions, views, partitions, LOCK TABLE).
    name: 'saas-schemas',
    root: join(CORPUS, 'saas-schemas'),
    ini: 'alembic.ini',
    versions: join(CORPUS, 'saas-schemas/db/migrations/versions'),
    head: 'e0139f7f06f5',
    mid: '19c3ed75e1ed',
    dataBlocks: { '6ae96e31ee79': 1, a99a51682207: 1 },
    hazards: { '038a0febf0a0': /use_alter=True/, '332997b3c86d': /use_alter=True/ },
  },
  {
    // Long-lived service: project types in inventory/utilities/database.py, renames, drops, type changes
    // with postgresql_using, check constraints, partial / GIN indexes, irreversible downgrades.
    name: 'longlived-inventory',
    root: join(CORPUS, 'longlived-inventory'),
    ini: 'alembic.ini',
    versions: join(CORPUS, 'longlived-inventory/inventory/migrations/versions'),
    head: '8bb1d4177451',
    mid: 'b537c61f44ec',
    dataBlocks: { c1fbd1fdc6c6: 1, '5dcd591c52da': 1 },
  },
];

interface Built {
  set: MigrationSet;
  head: EnvironmentStatus;
  mid: EnvironmentStatus;
}

const dbs: TestDatabase[] = [];
const built = new Map<string, Built>();

const env = (name: string, url: string): EnvironmentConfig => ({ name, url, schemas: null, pollIntervalSeconds: 60 });

async function build(p: CorpusProject): Promise<Built> {
  const atHead = await createTestDatabase('dbt_corpus');
  dbs.push(atHead);
  const atMid = await createTestDatabase('dbt_corpus');
  dbs.push(atMid);
  const project = { root: p.root, ini: p.ini };
  await Promise.all([runAlembicProject(project, atHead.url, 'upgrade', 'head'), runAlembicProject(project, atMid.url, 'upgrade', p.mid)]);
  const config: DriftboardConfig = {
    file: null,
    migrations: { tool: 'alembic', path: p.versions },
    shadowUrl: null,
    environments: [env('head', atHead.url), env('mid', atMid.url)],
  };
  const set = await loadMigrationSet(config.migrations);
  const [head, mid] = await Promise.all(config.environments.map(async (e) => (await checkEnvironment(config, e, { set })).status));
  return { set, head, mid };
}

beforeAll(async () => {
  // One project at a time: two cores are shared by everyone, and each check holds a few connections.
  for (const p of PROJECTS) built.set(p.name, await build(p));
}, 240_000);

afterAll(async () => {
  await Promise.all(dbs.map((d) => d.drop()));
  await closeShadowTemplate();
});

/** The line of `def downgrade` in a migration file: findings at or after it belong to the downgrade. */
function downgradeLine(file: string): number {
  const lines = readFileSync(file, 'utf8').split('\n');
  const i = lines.findIndex((l) => /^def downgrade\b/.test(l));
  return i < 0 ? Number.POSITIVE_INFINITY : i + 1;
}

const describeFinding = (u: Unanalyzed): string => `${u.file.slice(CORPUS.length + 1)}:${u.line} ${u.code} — ${u.reason}`;

describe.each(PROJECTS)('corpus project $name', (p) => {
  const get = (): Built => {
    const b = built.get(p.name);
    if (!b) throw new Error(`${p.name} was not built`);
    return b;
  };

  it('reads a graph of 30+ migrations with the expected head and no errors', () => {
    const { set } = get();
    expect(set.migrations.length).toBeGreaterThanOrEqual(30);
    expect(set.heads).toEqual([p.head]);
    expect(set.diagnostics.filter((d) => d.level === 'error')).toEqual([]);
    expect(set.migrations.map((m) => m.id)).toContain(p.mid);
  });

  it('reports data-migration blocks once each, and nothing else in any upgrade()', () => {
    const { set } = get();
    const upgradeFindings: Record<string, string[]> = {};
    const downgradeFindings: Record<string, string[]> = {};
    for (const m of set.migrations) {
      const split = downgradeLine(m.file);
      for (const u of m.unanalyzed) {
        const bucket = u.line >= split ? downgradeFindings : upgradeFindings;
        (bucket[m.id] ??= []).push(describeFinding(u));
      }
    }
    for (const [id, pattern] of Object.entries(p.hazards ?? {})) {
      expect(upgradeFindings[id]?.filter((f) => pattern.test(f))).toHaveLength(1);
      upgradeFindings[id] = upgradeFindings[id].filter((f) => !pattern.test(f));
      if (upgradeFindings[id].length === 0) delete upgradeFindings[id];
    }
    const counts = Object.fromEntries(Object.entries(upgradeFindings).map(([id, list]) => [id, list.length]));
    // On failure the message lists every finding, so the construct that was not understood is named.
    expect({ counts, upgradeFindings }).toEqual({ counts: p.dataBlocks, upgradeFindings: expect.anything() });
    // Downgrade-only noise (raise NotImplementedError, loops) must not flood: at most one finding per downgrade.
    for (const [id, list] of Object.entries(downgradeFindings)) expect({ id, list }).toEqual({ id, list: list.slice(0, 1) });
  });

  it.each([
    ['head', (b: Built) => b.head, (q: CorpusProject) => q.head],
    ['mid', (b: Built) => b.mid, (q: CorpusProject) => q.mid],
  ] as const)('is ok with zero drift at %s', (_label, pick, version) => {
    const b = get();
    const s = pick(b);
    expect({ status: s.status, error: s.error }).toEqual({ status: 'ok', error: null });
    expect(s.version).toBe(version(p));
    expect(s.drift).not.toBeNull();
    expect(s.drift!.changes).toEqual([]);
    expect(s.drift!.ghostMigrations).toEqual([]);
    expect(s.drift!.replayProblems).toEqual([]);
    expect(s.drift!.unverified).toEqual([]);
  });

  it('knows what the middle environment still has to apply', () => {
    const { set, head, mid } = get();
    expect(head.behind).toBe(0);
    const order = set.migrations.map((m) => m.id);
    const expectedPending = order.slice(order.indexOf(p.mid) + 1);
    // A merge graph may order branches differently; the pending set is what must match.
    expect(mid.pending.map((m) => m.id).sort()).toEqual(expectedPending.sort());
    expect(mid.behind).toBe(expectedPending.length);
  });
});
