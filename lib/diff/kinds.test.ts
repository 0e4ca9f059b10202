import { describe, expect, it } from 'vitest';
import type { SchemaModel, Table } from '../model';
import { diffSchemas } from './compare';
import { unreadKinds } from './kinds';

const table = (name: string, owner: string | null): Table => ({
  schema: 'app', name, kind: 'table', partitionOf: null, partitionKey: null, comment: null,
  columns: [], constraints: [], indexes: [], owner, rowSecurity: true, forceRowSecurity: false,
  persistence: 'permanent', partitionBound: null, inherits: [], replicaIdentity: 'default', accessMethod: 'heap', options: [],
});

const model = (owner: string | null, grantee = 'reporting'): SchemaModel => ({
  schemas: ['app'], extensions: [], enums: [], sequences: [], views: [],
  tables: [table('accounts', owner)],
  functions: [],
  triggers: [{ schema: 'app', table: 'accounts', name: 'touch', definition: 'CREATE TRIGGER touch …', function: 'app.touch', enabled: 'origin' }],
  policies: [{ schema: 'app', table: 'accounts', name: 'own', command: 'select', permissive: true, roles: [grantee], using: 'true', withCheck: null }],
  privileges: [{ objectType: 'table', schema: 'app', object: 'accounts', column: null, grantee, privileges: ['SELECT'], grantable: [] }],
  defaultPrivileges: [],
  roles: ['app', 'postgres', 'reporting'],
});

describe('diff of the kinds of issue 8', () => {
  it('compares owners only where both sides know them, and not under ignoreOwnership', () => {
    expect(diffSchemas(model('app'), model('postgres')).map((c) => [c.kind, c.name, c.expected])).toEqual([['table', 'accounts', { owner: 'app' }]]);
    expect(diffSchemas(model('app'), model('postgres'), { ignoreOwnership: true })).toEqual([]);
    expect(diffSchemas(model(null), model('postgres'))).toEqual([]);
  });

  it('reports a grantee the actual server does not have, once, as a missing role', () => {
    const actual = { ...model('app', 'reporting'), roles: ['app', 'postgres'] };
    const changes = diffSchemas(model('app', 'reporting'), actual);
    expect(changes.filter((c) => c.kind === 'role')).toEqual([
      { kind: 'role', change: 'missing', schema: '', table: null, name: 'reporting', expected: { name: 'reporting', namedBy: ['grant on app.accounts', 'policy app.accounts.own'] }, actual: null },
    ]);
  });

  it('leaves grants out under ignorePrivileges, and kinds one side has not read', () => {
    const actual = model('app', 'auditor');
    expect(diffSchemas(model('app'), actual, { ignorePrivileges: true }).map((c) => c.kind)).toEqual(['policy']);
    const older: SchemaModel = { ...model('app'), triggers: undefined, policies: undefined, privileges: undefined };
    expect(diffSchemas(older, actual)).toEqual([]);
  });

  it('folds the triggers, policies and grants (those of its serial sequence too) of a missing table into that one change', () => {
    const withSerial = (m: SchemaModel): SchemaModel => ({
      ...m,
      sequences: [{ schema: 'app', name: 'accounts_id_seq', dataType: 'bigint', start: '1', increment: '1', min: '1', max: '9', cycle: false, ownedBy: 'app.accounts.id' }],
      privileges: [...(m.privileges ?? []), { objectType: 'sequence', schema: 'app', object: 'accounts_id_seq', column: null, grantee: 'reporting', privileges: ['USAGE'], grantable: [] }],
    });
    const actual: SchemaModel = { ...model('app'), tables: [], triggers: [], policies: [], privileges: [] };
    expect(diffSchemas(withSerial(model('app')), actual).map((c) => `${c.kind} ${c.change}`)).toEqual(['table missing']);
    expect(diffSchemas(model('app'), model('app', 'x'), { ignoreTables: ['accounts'] })).toEqual([]);
  });
});

describe('unreadKinds', () => {
  it('names the kinds one side has not read', () => {
    const older: SchemaModel = { ...model('app'), triggers: undefined, functions: undefined };
    expect(unreadKinds(older, model('app'))).toEqual(expect.arrayContaining(['function', 'trigger', 'domain']));
    expect(unreadKinds(older, model('app'))).not.toContain('policy');
  });
});
