import type { SchemaModel } from '../model/schema';
import type { ChangeType, ObjectKind, UncheckedAttribute } from '../model/diff';
import { UserInputError } from '../model/errors';
import { getSchemaByHash, listSnapshots } from '../store';
import { keyOf } from '../model/config';
import { ancestorsOf, resolveRevision } from '../migrations/graph';
import { memoExpectedSchema } from '../status/memo';
import { uncheckedOnBothSides } from '../diff/unchecked';
import { loadModelSchema, type ModelSchema, type ModelUnresolved } from '../models';
import { allEnvironments, getAppContext, getProjectContext, projectView, projectChoice } from './context';
import type { AppContext } from './context';
import { latestStatusOf, requireEnvironment } from './info';
import { NotFoundError } from './errors';
import { formatRef } from './refs';
import { compareSchemas, groupByTable } from './schemas';
import { toPublic } from './sanitize';
import type { DiffChoices, DiffResult, Ref, ResolvedRef } from './types';

/** Column-level diff of any two sides: left is read as "expected", right as "actual". */
export async function getDiff(left: Ref, right: Ref, project?: string | null): Promise<DiffResult> {
  // Two snapshots (hashes) need no project; environments, versions and models are a project's.
  const root = await getAppContext();
  const snapshotsOnly = [left, right].every((r) => r.type === 'snapshot');
  const ctx = projectView(root, snapshotsOnly ? (project ?? root.projects[0].name) : project, [left, right].find((r) => r.type === 'env')?.name);
  const [l, r] = (await Promise.all([resolveRef(ctx, left), resolveRef(ctx, right)])).map((side, i, both) => withOtherSide(side, both[1 - i]));
  const unverified = [...l.unverified, ...r.unverified];
  const changes = l.hash !== null && l.hash === r.hash ? [] : compareSchemas(l.model, r.model, unverified);
  const byChange: Record<ChangeType, number> = { missing: 0, unexpected: 0, altered: 0 };
  const byKind: Partial<Record<ObjectKind, number>> = {};
  for (const c of changes) {
    byChange[c.change]++;
    byKind[c.kind] = (byKind[c.kind] ?? 0) + 1;
  }
  return toPublic(
    {
      left: l.resolved,
      right: r.resolved,
      identical: changes.length === 0,
      changes,
      groups: groupByTable(changes),
      counts: { total: changes.length, byChange, byKind },
      // "Could not check" is never "no drift": what was left out of the comparison is listed.
      unchecked: uniqueUnchecked([...uncheckedOnBothSides(l.unverified, r.model), ...uncheckedOnBothSides(r.unverified, l.model)]),
      unresolved: [...l.unresolved, ...r.unresolved],
    },
    ctx.secrets,
  );
}

/** What the diff pickers offer: environments, versions in apply order, and stored snapshots. */
export async function getDiffChoices(project?: string | null): Promise<DiffChoices> {
  const ctx = await getProjectContext(project);
  const perEnv = await Promise.all(ctx.config.environments.map((e) => listSnapshots(ctx.store, keyOf(e))));
  const snapshots = perEnv.flat().sort((a, b) => b.lastSeen.localeCompare(a.lastSeen)).slice(0, 200);
  return toPublic(
    {
      ...projectChoice(ctx),
      environments: ctx.config.environments.map((e) => e.name),
      versions: ctx.migrations.migrations.map((m) => ({ id: m.id, description: m.description })),
      snapshots,
      models: ctx.config.models ? { orm: ctx.config.models.orm } : null,
    },
    ctx.secrets,
  );
}

interface Side {
  model: SchemaModel;
  hash: string | null;
  resolved: ResolvedRef;
  /** Attributes an expected side (the replay, or the models' static reader) does not know: not compared. */
  unverified: UncheckedAttribute[];
  /** What the models' reader could not determine at all (a computed __tablename__): named, file:line. */
  unresolved: ModelUnresolved[];
  /** The models side: it cannot declare extensions, views or bare schemas, so it takes them from the other side. */
  partial?: boolean;
}

/**
 * Models declare tables, enums and sequences only. Without this, every extension and view of the other
 * side would show as unexpected (or missing): those are taken from the other side and never reported.
 */
function withOtherSide(side: Side, other: Side): Side {
  if (!side.partial) return side;
  const o = other.model;
  const schemas = [...new Set([...side.model.schemas, ...o.schemas])].sort();
  return { ...side, model: { ...side.model, schemas, extensions: o.extensions, views: o.views } };
}

function uniqueUnchecked(list: UncheckedAttribute[]): UncheckedAttribute[] {
  const seen = new Map<string, UncheckedAttribute>();
  for (const u of list) seen.set(`${u.kind}\u0000${u.schema}\u0000${u.table ?? ''}\u0000${u.name}\u0000${u.attribute}`, u);
  return [...seen.values()].sort((a, b) => `${a.schema}.${a.table ?? ''}.${a.name}.${a.attribute}`.localeCompare(`${b.schema}.${b.table ?? ''}.${b.name}.${b.attribute}`));
}

/** The models' unverified attributes in the diff's terms. */
export function modelsUnverified(models: ModelSchema): UncheckedAttribute[] {
  return models.unverified.map((u) => ({ kind: u.kind, schema: u.schema, table: u.table, name: u.name, attribute: u.attribute, reason: u.reason, file: u.file, line: u.line }));
}

async function resolveRef(ctx: AppContext, ref: Ref): Promise<Side> {
  const key = formatRef(ref);
  if (ref.type === 'env') {
    const env = requireEnvironment(ctx, ref.name);
    const status = await latestStatusOf(ctx, ref.name);
    let hash = status?.schemaHash ?? null;
    let label = `${ref.name} now`;
    if (!hash) {
      // Unreachable now: compare what it looked like when last read, and say so.
      const last = (await listSnapshots(ctx.store, keyOf(env))).sort((a, b) => b.lastSeen.localeCompare(a.lastSeen))[0];
      if (!last) throw new NotFoundError(`${ref.name} has no schema to compare: it has not been read successfully yet`);
      hash = last.hash;
      label = `${ref.name} as last read (${last.lastSeen.slice(0, 16).replace('T', ' ')} UTC)`;
    }
    return { model: await storedSchema(ctx, hash), hash, resolved: { ref, key, label, hash }, unverified: [], unresolved: [] };
  }
  if (ref.type === 'models') {
    if (!ctx.config.models) throw new NotFoundError('no models to compare: the config has no "models"');
    const models = await loadModelSchema(ctx.config.models);
    const label = `models now (${models.orm}, ${models.models.length} class${models.models.length === 1 ? '' : 'es'})`;
    // No hash: the models side borrows extensions and views from the other side, so no hash would name it.
    return { model: models.schema, hash: null, resolved: { ref, key, label, hash: null }, unverified: modelsUnverified(models), unresolved: models.unresolved, partial: true };
  }
  if (ref.type === 'snapshot') {
    const hash = await completeHash(ctx, ref.hash);
    return { model: await storedSchema(ctx, hash), hash, resolved: { ref: { type: 'snapshot', hash }, key: `snapshot:${hash}`, label: `snapshot ${hash.slice(0, 12)}`, hash }, unverified: [], unresolved: [] };
  }
  const ids = resolveRevision(ctx.migrations, ref.version);
  const { model, unverified } = await expectedModel(ctx, ids);
  const label = ref.version === 'head' || ref.version === 'heads' ? `expected at head (${ids.join(', ') || 'base'})` : `expected at ${ids.join(', ') || 'base'}`;
  return { model, hash: null, resolved: { ref, key, label, hash: null }, unverified, unresolved: [] };
}

async function storedSchema(ctx: AppContext, hash: string): Promise<SchemaModel> {
  const model = await getSchemaByHash(ctx.store, hash);
  if (!model) throw new NotFoundError(`no stored schema with hash ${hash.slice(0, 12)}`);
  return model;
}

/** A full hash from a prefix, so shared URLs may carry short hashes. */
async function completeHash(ctx: AppContext, prefix: string): Promise<string> {
  if (prefix.length === 64) return prefix;
  const perEnv = await Promise.all(allEnvironments(ctx).map(({ env }) => listSnapshots(ctx.store, keyOf(env))));
  const matches = [...new Set(perEnv.flat().map((s) => s.hash).filter((h) => h.startsWith(prefix)))];
  if (matches.length === 1) return matches[0];
  if (matches.length > 1) throw new UserInputError(`snapshot "${prefix}" is ambiguous: ${matches.length} stored schemas start with it`);
  throw new NotFoundError(`no stored schema with hash ${prefix}`);
}

/** The schema the migrations produce at `ids` (through the same per-set memo as the polls). */
async function expectedModel(ctx: AppContext, ids: string[]): Promise<{ model: SchemaModel; unverified: UncheckedAttribute[] }> {
  const applied = ancestorsOf(ctx.migrations, ids);
  return memoExpectedSchema(ctx.migrations, new Set(applied), { shadowUrl: ctx.config.shadowUrl, schemas: null, attribution: 'deferred' });
}
