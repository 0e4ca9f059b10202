import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../config';
import { openTarget } from '../db';
import { introspect } from '../introspect';
import type { DriftboardConfig } from '../model/config';
import { compareModels, loadModelSchema } from '../models';
import { runAlembic } from '../testing/alembic';
import { createTestDatabase, type TestDatabase } from '../testing/pg-test-db';
import { repairEnvironment } from '.';

/**
 * `repair --to models` on the mixin incident: the migration created partner_files without the columns its
 * model inherits; the repair adds exactly those, verified, and afterwards the models agree with the database.
 */

const run = promisify(execFile);
const FIXTURE = resolve(__dirname, '../../fixtures/models/mixins');

describe('repair towards the models (real Alembic, real PostgreSQL)', () => {
  let db: TestDatabase;
  let config: DriftboardConfig;
  let dir: string;

  beforeAll(async () => {
    db = await createTestDatabase('repair_models');
    dir = await mkdtemp(join(tmpdir(), 'driftboard-repair-models-'));
    const base = await loadConfig(join(FIXTURE, 'driftboard.config.json'));
    config = { ...base, environments: [{ ...base.environments[0], url: db.url }] };
    await runAlembic(config.migrations.path, db.url, 'upgrade', 'head');
  });

  afterAll(async () => {
    await db?.drop();
    await rm(dir, { recursive: true, force: true });
  });

  it('adds the inherited columns the migration forgot, and the models then agree', async () => {
    const report = await repairEnvironment(config, 'local', { to: { kind: 'models' } });
    expect(report.target).toBe('models');
    expect(report.verified).toBe(true);
    const live = report.statements.filter((s) => !s.commented);
    expect(live.map((s) => s.object).sort()).toEqual(['public.partner_files.deleted_at', 'public.partner_files.updated_at']);
    const file = join(dir, 'repair.sql');
    await writeFile(file, report.script);
    await run('psql', ['-X', '-q', '-v', 'ON_ERROR_STOP=1', '-f', file, db.url]);
    const target = await openTarget(db.url);
    try {
      const after = await compareModels(await loadModelSchema(config.models!), (await introspect(target)).schema, { ignoreTables: ['alembic_version'] });
      expect(after.changes.filter((c) => c.table === 'partner_files')).toEqual([]);
    } finally {
      await target.close();
    }
  }, 180_000);
});
