import fc from 'fast-check';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../config/load';
import { FUZZ, namedOrOk } from './oracle';

let dir: string;
let file: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'fuzz-config-'));
  file = join(dir, 'driftboard.config.json');
  await mkdir(join(dir, 'migrations'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const valid = (over: Record<string, unknown> = {}) => ({
  migrations: { tool: 'sql', path: 'migrations' },
  environments: [{ name: 'prod', url: 'postgres://u@h:5432/db' }],
  ...over,
});

/** JSON-shaped noise: brackets, strings with escapes, numbers, keys of the real schema. */
const token = fc.constantFrom(
  '{', '}', '[', ']', ',', ':', '"', '"migrations"', '"environments"', '"tool"', '"sql"', '"path"', '"name"', '"url"',
  '"${X}"', '"\\u0000"', '"\\"', '1', '-1', '1e999', 'true', 'null', '\n', ' ', '\ufeff', '\r', '"é"', '"postgres://h/d"',
);

describe('fuzz: driftboard.config.json', () => {
  it('any text loads, or names the file (and key or line)', async () => {
    await fc.assert(
      fc.asyncProperty(fc.oneof(fc.array(token, { maxLength: 40 }).map((t) => t.join('')), fc.json({ maxDepth: 4 }), fc.string({ maxLength: 100 })), async (text) => {
        await writeFile(file, text);
        await namedOrOk(file, () => loadConfig(file, {}));
      }),
      { ...FUZZ, numRuns: 60 },
    );
  });

  it('variations of a valid config load, or name the file', async () => {
    await fc.assert(
      fc.asyncProperty(fc.record({ name: fc.string({ maxLength: 120 }), pollIntervalSeconds: fc.oneof(fc.integer(), fc.double()), maxFileBytes: fc.integer() }), async (v) => {
        const config = valid({
          migrations: { tool: 'sql', path: 'migrations', maxFileBytes: v.maxFileBytes },
          environments: [{ name: v.name, url: 'postgres://u@h/db', pollIntervalSeconds: v.pollIntervalSeconds }],
        });
        await writeFile(file, JSON.stringify(config));
        await namedOrOk(file, () => loadConfig(file, {}));
      }),
      { ...FUZZ, numRuns: 60 },
    );
  });

  it('100,000 "[" is refused with file:line, not a stack overflow', async () => {
    await writeFile(file, `{\n"environments": ${'['.repeat(100_000)}`);
    await expect(loadConfig(file, {})).rejects.toThrow(`${file}:2: nested deeper than 64 levels`);
  });

  it('a byte-order mark is accepted', async () => {
    await writeFile(file, `\ufeff${JSON.stringify(valid())}`);
    expect((await loadConfig(file, {})).environments.map((e) => e.name)).toEqual(['prod']);
  });

  it('environment names are at most 100 characters, like the routes', async () => {
    await writeFile(file, JSON.stringify(valid({ environments: [{ name: 'a'.repeat(100), url: 'postgres://u@h/db' }] })));
    await expect(loadConfig(file, {})).resolves.toBeTruthy();
    await writeFile(file, JSON.stringify(valid({ environments: [{ name: 'a'.repeat(101), url: 'postgres://u@h/db' }] })));
    await expect(loadConfig(file, {})).rejects.toThrow(`${file}: environments[0].name: must be at most 100 characters`);
  });

  it('migrations.maxFileBytes is passed on, and checked', async () => {
    await writeFile(file, JSON.stringify(valid({ migrations: { tool: 'sql', path: 'migrations', maxFileBytes: 1000 } })));
    expect((await loadConfig(file, {})).migrations.maxFileBytes).toBe(1000);
    await writeFile(file, JSON.stringify(valid({ migrations: { tool: 'sql', path: 'migrations', maxFileBytes: 0 } })));
    await expect(loadConfig(file, {})).rejects.toThrow(`${file}: migrations.maxFileBytes: must be at least 1`);
  });
});
