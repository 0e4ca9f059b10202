import { createHash } from 'node:crypto';
import type { EnvironmentCheck, EnvironmentStatus, RiskLevel, SchemaModel, Table } from '../model';

/** A small but realistic schema: `tables` tables of 8 columns, each with a primary key and an index. */
export function fixtureSchema(tables: number, extraColumn: string | null = null): SchemaModel {
  const list: Table[] = [];
  for (let t = 0; t < tables; t++) {
    const name = `table_${String(t).padStart(2, '0')}`;
    const columns = ['id', 'account_id', 'created_at', 'updated_at', 'name', 'status', 'amount', 'notes'].map((c) => ({
      name: c,
      type: c === 'id' || c === 'account_id' ? 'bigint' : c.endsWith('_at') ? 'timestamp with time zone' : 'text',
      nullable: c === 'notes',
      default: c === 'created_at' ? 'now()' : null,
      identity: c === 'id' ? ('by default' as const) : null,
      generated: null,
      collation: null,
      comment: null,
    }));
    if (extraColumn && t === 0) {
      columns.push({ ...columns[7], name: extraColumn });
      columns.sort((a, b) => a.name.localeCompare(b.name));
    }
    list.push({
      schema: 'public',
      name,
      kind: 'table',
      partitionOf: null,
      partitionKey: null,
      comment: null,
      columns,
      constraints: [
        { name: `${name}_pkey`, type: 'primary', definition: 'PRIMARY KEY (id)', columns: ['id'], validated: true, references: null },
      ],
      indexes: [
        {
          name: `${name}_account_id_idx`,
          definition: `CREATE INDEX ${name}_account_id_idx ON public.${name} USING btree (account_id)`,
          unique: false,
          primary: false,
          valid: true,
        },
        {
          name: `${name}_pkey`,
          definition: `CREATE UNIQUE INDEX ${name}_pkey ON public.${name} USING btree (id)`,
          unique: true,
          primary: true,
          valid: true,
        },
      ],
    });
  }
  return { schemas: ['public'], extensions: [], tables: list, enums: [], sequences: [], views: [] };
}

export function hashOf(schema: SchemaModel): string {
  return createHash('sha256').update(JSON.stringify(schema)).digest('hex');
}

export interface FixtureCheckOptions {
  name: string;
  status?: EnvironmentStatus['status'];
  error?: string | null;
  version?: string | null;
  head?: string;
  behind?: number;
  pendingRisk?: RiskLevel[];
  driftCount?: number;
  schema?: SchemaModel;
  checkedAt?: Date;
}

/** An EnvironmentCheck with the fields a real check fills in, for store tests and the benchmark. */
export function fixtureCheck(o: FixtureCheckOptions): EnvironmentCheck {
  const status = o.status ?? 'ok';
  const readable = status !== 'unreachable';
  const schema = readable ? (o.schema ?? fixtureSchema(6)) : null;
  const checkedAt = (o.checkedAt ?? new Date()).toISOString();
  const pending = (o.pendingRisk ?? []).map((risk, i) => ({
    id: `rev_${i}`,
    description: `pending migration ${i}`,
    risk,
    reversible: true,
    findings: [],
  }));
  const hash = schema ? hashOf(schema) : null;
  return {
    status: {
      name: o.name,
      status,
      error: status === 'ok' ? null : (o.error ?? 'connection refused: connect ECONNREFUSED 127.0.0.1:5999'),
      tool: 'alembic',
      version: readable ? (o.version ?? 'a1b2c3d4e5f6') : null,
      head: o.head ?? 'f6e5d4c3b2a1',
      behind: readable ? (o.behind ?? pending.length) : null,
      pending: readable ? pending : [],
      drift: readable ? { changes: Array.from({ length: o.driftCount ?? 0 }, (_, i) => ({
        kind: 'column' as const, change: 'unexpected' as const, schema: 'public', table: 'table_00', name: `extra_${i}`, expected: null, actual: null,
      })), ghostMigrations: [], unverified: [], replayProblems: [] } : null,
      versionState: null,
      schemaHash: hash,
      serverVersion: readable ? 160004 : null,
      tableStats: [],
      checkedAt,
      durationMs: 120,
    },
    snapshot: schema && hash ? { schema, hash, stats: [], serverVersion: 160004, takenAt: checkedAt } : null,
  };
}
