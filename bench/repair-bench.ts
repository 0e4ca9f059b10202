// Repair benchmark: an environment of 2,000 tables × 25 columns with 50 changes against its target.
// Planning, rating and rendering the script (goal ≤ 2 s) is timed apart from the shadow verification
// (the live schema rebuilt in PGlite, the script applied, the result diffed with the target).
// Run alone: `npx tsx bench/repair-bench.ts`.
import { pathToFileURL } from 'node:url';
import type { Column, Constraint, Index, SchemaModel, Snapshot, Table } from '../lib/model/schema';
import { closeShadowTemplate } from '../lib/expected';
import { diffSchemas } from '../lib/diff';
import { buildRepair, verifyRepair } from '../lib/repair';

export const REPAIR_TARGET_MS = 2000;
const TABLES = 2000;

const TYPES = ['integer', 'bigint', 'text', 'character varying(100)', 'boolean', 'timestamp with time zone', 'numeric(12,2)', 'jsonb', 'uuid', 'date'];

function column(name: string, type: string, nullable = true, def: string | null = null): Column {
  return { name, type, nullable, default: def, identity: null, generated: null, collation: null, comment: null };
}

function table(i: number): Table {
  const name = `t${String(i).padStart(4, '0')}`;
  const columns = [column('id', 'bigint', false)];
  for (let c = 1; c < 25; c++) columns.push(column(`c${String(c).padStart(2, '0')}`, TYPES[(i + c) % TYPES.length], c % 3 !== 0, c === 4 ? "'x'::text" : null));
  columns[4] = column('c04', 'text', true, "'x'::text");
  const constraints: Constraint[] = [
    { name: `${name}_pkey`, type: 'primary', definition: 'PRIMARY KEY (id)', columns: ['id'], validated: true, references: null },
  ];
  const indexes: Index[] = [
    { name: `${name}_pkey`, definition: `CREATE UNIQUE INDEX ${name}_pkey ON public.${name} USING btree (id)`, unique: true, primary: true, valid: true },
    { name: `ix_${name}_c01`, definition: `CREATE INDEX ix_${name}_c01 ON public.${name} USING btree (c01)`, unique: false, primary: false, valid: true },
  ];
  if (i > 0 && i % 10 === 0) {
    const parent = `t${String(i - 1).padStart(4, '0')}`;
    columns.push(column('parent_id', 'bigint'));
    constraints.push({ name: `${name}_parent_id_fkey`, type: 'foreign', definition: `FOREIGN KEY (parent_id) REFERENCES ${parent}(id)`, columns: ['parent_id'], validated: true, references: `public.${parent}` });
  }
  columns.sort((a, b) => (a.name < b.name ? -1 : 1));
  return { schema: 'public', name, kind: 'table', partitionOf: null, partitionKey: null, comment: null, columns, constraints, indexes };
}

/** The target (what the version promises) and the live schema, 50 changes apart. */
export function repairScenario(): { target: SchemaModel; live: SchemaModel } {
  const target: SchemaModel = { schemas: ['public'], extensions: [{ name: 'plpgsql', schema: 'pg_catalog', version: '1.0' }], tables: Array.from({ length: TABLES }, (_, i) => table(i)), enums: [], sequences: [], views: [] };
  const live: SchemaModel = structuredClone(target);
  const at = (n: number) => live.tables[n * 37];
  for (let n = 0; n < 20; n++) at(n).columns = at(n).columns.filter((c) => c.name !== 'c05'); // dropped by hand
  for (let n = 20; n < 30; n++) at(n).indexes = at(n).indexes.filter((x) => !x.name.startsWith('ix_')); // index dropped
  for (let n = 30; n < 40; n++) at(n).columns = at(n).columns.map((c) => (c.name === 'c07' ? { ...c, type: 'character varying(20)' } : c)); // type changed
  for (let n = 40; n < 45; n++) at(n).columns = at(n).columns.map((c) => (c.name === 'c04' ? { ...c, default: null } : c)); // default dropped
  for (let n = 45; n < 50; n++) at(n).columns = [...at(n).columns, column('scratch', 'text')].sort((a, b) => (a.name < b.name ? -1 : 1)); // added by hand
  return { target, live };
}

export async function runRepairBench(): Promise<void> {
  const { target, live } = repairScenario();
  const snapshot: Snapshot = { schema: live, hash: 'bench', stats: [], serverVersion: 150000, takenAt: new Date().toISOString() };
  const input = { environment: 'bench', targetLabel: 'expected', target, live: snapshot, shadowUrl: null, includeUnexpected: false, verify: false };
  await buildRepair(input); // warm: parser WASM, caches
  const started = performance.now();
  const report = await buildRepair(input);
  const planMs = performance.now() - started;
  const live50 = report.statements.filter((s) => !s.commented).length;
  console.log(`plan + rate + render: ${planMs.toFixed(0)} ms for ${report.statements.length} statements (${live50} live) — goal ≤ ${REPAIR_TARGET_MS} ms${planMs <= REPAIR_TARGET_MS ? '' : '  ✗ over'}`);
  const verifyStarted = performance.now();
  const leftAlone = diffSchemas(target, live).filter((c) => c.change === 'unexpected');
  const verification = await verifyRepair(live, target, report.statements, { shadowUrl: null, ignoreTables: [], leftAlone });
  console.log(`shadow verification (2,000 tables rebuilt in PGlite, script applied, diffed): ${((performance.now() - verifyStarted) / 1000).toFixed(1)} s — ${verification.verified ? 'verified' : `not verified: ${verification.error ?? `${verification.remaining.length} remaining`}`}`);
  await closeShadowTemplate();
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await runRepairBench();
