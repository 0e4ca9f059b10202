/** Rules on triggers, row level security, privileges and functions (issue 8), from parsed SQL. */
import { describe, expect, it } from 'vitest';
import type { Finding, RiskContext } from '../model/risk';
import type { DbFunction, SchemaModel } from '../model/schema';
import { analyzeMigration } from './analyze';
import { contextWith, migrationFromSql, stats } from './fixtures';

const SMALL = contextWith([stats('users', 10, 8192)]);
const LARGE = contextWith([stats('users', 5_000_000, 2 * 1024 ** 3)]);

async function findings(sql: string | string[], ctx?: RiskContext): Promise<Finding[]> {
  return (await analyzeMigration(migrationFromSql(Array.isArray(sql) ? sql : [sql]), ctx)).findings;
}

async function only(rule: string, sql: string | string[], ctx?: RiskContext): Promise<Finding[]> {
  return (await findings(sql, ctx)).filter((f) => f.rule === rule);
}

const fn = (name: string, volatility: DbFunction['volatility']): DbFunction => ({
  schema: 'public', name, signature: `${name}(text)`, kind: 'function', arguments: 'text', returns: 'text', language: 'sql',
  volatility, securityDefiner: false, strict: false, parallel: 'unsafe', config: [], definition: '', owner: null, comment: null,
});

function schema(): SchemaModel {
  return {
    schemas: ['public'], extensions: [], enums: [], sequences: [], views: [],
    tables: [
      {
        schema: 'public', name: 'users', kind: 'table', partitionOf: null, partitionKey: null, comment: null, constraints: [],
        columns: [
          { name: 'token', type: 'text', nullable: true, default: 'public.new_token()', identity: null, generated: null, collation: null, comment: null },
          { name: 'email', type: 'text', nullable: true, default: null, identity: null, generated: null, collation: null, comment: null },
        ],
        indexes: [{ name: 'users_norm_email', definition: 'CREATE INDEX users_norm_email ON public.users USING btree (norm(email))', unique: false, primary: false, valid: true }],
      },
    ],
    functions: [fn('norm', 'immutable'), fn('new_token', 'volatile'), fn('audit', 'volatile'), fn('unused', 'stable')],
    triggers: [{ schema: 'public', table: 'users', name: 'users_audit', definition: 'CREATE TRIGGER users_audit …', function: 'public.audit', enabled: 'origin' }],
  };
}

describe('trigger locks', () => {
  it('CREATE TRIGGER takes SHARE ROW EXCLUSIVE, weighed by table size', async () => {
    const sql = 'CREATE TRIGGER t BEFORE INSERT ON users FOR EACH ROW EXECUTE FUNCTION audit()';
    const [f] = await only('create-trigger-lock', sql, LARGE);
    expect(f).toMatchObject({ level: 'medium', lock: 'SHARE ROW EXCLUSIVE', table: 'users', line: 1 });
    expect(f.message).toContain('users');
    expect((await only('create-trigger-lock', sql, SMALL))[0].level).toBe('low');
    expect((await only('create-trigger-lock', ['CREATE TABLE users (id int)', sql]))[0].level).toBe('low');
  });

  it('DROP TRIGGER takes ACCESS EXCLUSIVE on the table it names', async () => {
    const [f] = await only('drop-trigger-lock', 'DROP TRIGGER IF EXISTS users_audit ON public.users', LARGE);
    expect(f).toMatchObject({ level: 'medium', lock: 'ACCESS EXCLUSIVE', table: 'public.users' });
    expect(f.message).toContain('users_audit');
    expect((await only('drop-trigger-lock', 'DROP TRIGGER users_audit ON users', SMALL))[0].level).toBe('low');
  });
});

describe('row level security', () => {
  it('ENABLE / DISABLE / FORCE are high whatever the size (every result changes); low on a new table', async () => {
    for (const sql of ['ALTER TABLE users ENABLE ROW LEVEL SECURITY', 'ALTER TABLE users DISABLE ROW LEVEL SECURITY', 'ALTER TABLE users FORCE ROW LEVEL SECURITY']) {
      const [f] = await only('row-level-security-toggle', sql, SMALL);
      expect(f).toMatchObject({ level: 'high', lock: 'ACCESS EXCLUSIVE', table: 'users' });
      expect(f.message).toMatch(/changes what every query returns/);
    }
    expect((await only('row-level-security-toggle', ['CREATE TABLE users (id int)', 'ALTER TABLE users ENABLE ROW LEVEL SECURITY']))[0].level).toBe('low');
    expect(await only('row-level-security-toggle', 'ALTER TABLE users ENABLE ROW LEVEL SECURITY, FORCE ROW LEVEL SECURITY', SMALL)).toHaveLength(2);
  });
});

describe('REVOKE', () => {
  it('from a role on an existing table is high at any size and says the role gets permission denied', async () => {
    const fs = await only('revoke-privilege', 'REVOKE SELECT, UPDATE (email) ON users FROM app, PUBLIC', SMALL);
    expect(fs.map((f) => f.level)).toEqual(['high', 'high']);
    expect(fs[0].message).toContain('queries by PUBLIC');
    expect(fs[1].message).toMatch(/queries by app .*fail with permission denied/);
    expect(fs[1].message).toContain('UPDATE (email)');
    expect(fs[1]).toMatchObject({ table: 'users', lock: null });
  });

  it('on a table created in the run it is low; GRANT is not flagged; schema-wide and membership revokes are high', async () => {
    expect((await only('revoke-privilege', ['CREATE TABLE t (id int)', 'REVOKE ALL ON t FROM app']))[0].level).toBe('low');
    expect(await only('revoke-privilege', 'GRANT SELECT ON users TO app')).toEqual([]);
    const [all] = await only('revoke-privilege', 'REVOKE ALL ON ALL TABLES IN SCHEMA public FROM app');
    expect(all.level).toBe('high');
    expect(all.message).toContain('every table in schema public');
    const [member] = await only('revoke-privilege', 'REVOKE admin FROM app');
    expect(member).toMatchObject({ level: 'high' });
    expect(member.message).toContain('queries by app');
    expect((await only('revoke-privilege', 'REVOKE GRANT OPTION FOR SELECT ON users FROM app', SMALL))[0].level).toBe('low');
  });
});

describe('DROP FUNCTION', () => {
  const ctx = { ...SMALL, schema: schema() };

  it('used by a column default, a trigger or an index of the known schema: critical, naming the use', async () => {
    const cases: [string, string][] = [
      ['DROP FUNCTION new_token()', 'default of public.users.token'],
      ['DROP FUNCTION public.audit() CASCADE', 'trigger users_audit on public.users'],
      ['DROP FUNCTION IF EXISTS norm(text)', 'index users_norm_email on public.users'],
    ];
    for (const [sql, use] of cases) {
      const [f] = await only('drop-function-in-use', sql, ctx);
      expect(f.level).toBe('critical');
      expect(f.message).toContain(use);
      expect(f.table).toBe('public.users');
    }
  });

  it('unused, in another schema, or with the schema unknown: low, and says which', async () => {
    expect((await only('drop-function-in-use', 'DROP FUNCTION unused(text)', ctx))[0]).toMatchObject({ level: 'low' });
    expect((await only('drop-function-in-use', 'DROP FUNCTION other.norm(text)', ctx))[0].level).toBe('low');
    const [unknown] = await only('drop-function-in-use', 'DROP FUNCTION norm(text)');
    expect(unknown.level).toBe('low');
    expect(unknown.message).toMatch(/not known/);
  });
});

describe('CREATE OR REPLACE FUNCTION changing volatility', () => {
  const ctx = { ...SMALL, schema: schema() };
  const replace = (name: string, v: string) => `CREATE OR REPLACE FUNCTION ${name}(t text) RETURNS text LANGUAGE sql ${v} AS $$ select lower(t) $$`;

  it('high when an index of the known schema uses the function', async () => {
    const [f] = await only('function-volatility-change', replace('norm', 'STABLE'), ctx);
    expect(f.level).toBe('high');
    expect(f.message).toMatch(/from IMMUTABLE to STABLE/);
    expect(f.message).toContain('users_norm_email');
    // no volatility written means VOLATILE
    expect((await only('function-volatility-change', replace('norm', ''), ctx))[0].message).toMatch(/to VOLATILE/);
  });

  it('no finding when the volatility is unchanged or no index uses it; low when the schema is not known', async () => {
    expect(await only('function-volatility-change', replace('norm', 'IMMUTABLE'), ctx)).toEqual([]);
    expect(await only('function-volatility-change', replace('unused', 'IMMUTABLE'), ctx)).toEqual([]);
    expect(await only('function-volatility-change', replace('norm', 'STABLE').replace('OR REPLACE ', ''), ctx)).toEqual([]);
    const [f] = await only('function-volatility-change', replace('norm', 'STABLE'));
    expect(f.level).toBe('low');
    expect(f.message).toMatch(/not known/);
  });
});

describe('callsFunction (printed expressions)', () => {
  it('matches calls by name and schema, not names that merely contain it or belong to another schema', async () => {
    const { callsFunction } = await import('./function-uses');
    const norm = { schema: null, name: 'norm' };
    expect(callsFunction('lower(norm (email))', norm)).toBe(true);
    expect(callsFunction('"norm"(email)', norm)).toBe(true);
    expect(callsFunction('normalize(email)', norm)).toBe(false);
    expect(callsFunction('x_norm(email)', norm)).toBe(false);
    expect(callsFunction("'norm(' || email", { schema: 'public', name: 'norm' })).toBe(true); // text inside a literal: cautious
    expect(callsFunction('other.norm(email)', { schema: 'public', name: 'norm' })).toBe(false);
    expect(callsFunction('norm(email)', { schema: 'public', name: 'norm' })).toBe(true);
    expect(callsFunction('"Norm"(email)', norm)).toBe(false);
  });
});
