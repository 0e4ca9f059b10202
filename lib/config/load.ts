import { constants } from 'node:fs';
import { access, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import type { z } from 'zod';
import { DEFAULT_PROJECT, environmentKey, type DriftboardConfig, type DriftboardSetup } from '../model/config';
import { UserInputError } from '../model/errors';
import { redactText } from '../db/redact';
import { findAlembicIni } from '../migrations/alembic/alembic-ini';
import { expandVariables, formatKeyPath, MissingVariableError } from './expand';
import { configFileSchema, type ConfigFile, type ProjectFile } from './schema';
import { AlertsConfigError, resolveAlertsConfig } from '../alerts/config';

export const DEFAULT_CONFIG_FILE = 'driftboard.config.json';
export const DEFAULT_POLL_INTERVAL_SECONDS = 60;

/**
 * Reads, expands and validates a driftboard.config.json and returns one project: `project` by name, or the
 * only one. A `projects` config with several and no name is an error naming them (the CLI's --project).
 * Every problem is a UserInputError whose one-line message names the file and the key:
 * `driftboard.config.json: environments[1].url: …`.
 */
export async function loadConfig(
  file: string = DEFAULT_CONFIG_FILE,
  env: Readonly<Record<string, string | undefined>> = process.env,
  project?: string,
): Promise<DriftboardConfig> {
  return selectProject(await loadSetup(file, env), project);
}

/** Reads, expands and validates a whole config file: every project. */
export async function loadSetup(file: string = DEFAULT_CONFIG_FILE, env: Readonly<Record<string, string | undefined>> = process.env): Promise<DriftboardSetup> {
  const absolute = path.resolve(file);
  const shown = displayPath(absolute);
  let text: string;
  try {
    text = await readFile(absolute, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new UserInputError(`${shown}: config file not found`);
    if (code === 'EISDIR') throw new UserInputError(`${shown}: is a directory, not a config file`);
    throw new UserInputError(`${shown}: cannot read config file (${code ?? String(err)})`);
  }
  // Editors on Windows may save a byte-order mark; JSON.parse would reject it.
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  const deep = tooDeepAt(text);
  if (deep !== null) {
    throw new UserInputError(`${shown}:${lineAt(text, deep)}: nested deeper than ${MAX_CONFIG_DEPTH} levels of [ and {; not a Driftboard config`);
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (err) {
    throw new UserInputError(`${shown}${jsonErrorLine(text, err)}: invalid JSON: ${firstLine((err as Error).message)}`);
  }
  return parseSetup(raw, absolute, env);
}

/**
 * One project of a setup: by name (an unknown name lists the known ones), or the only one. Several projects
 * and no name: an error asking for --project.
 */
export function selectProject(setup: DriftboardSetup, name?: string | null): DriftboardConfig {
  const shown = setup.file ? displayPath(setup.file) : 'config';
  const names = setup.projects.map((p) => p.project ?? DEFAULT_PROJECT);
  if (name) {
    const found = setup.projects.find((p) => (p.project ?? DEFAULT_PROJECT) === name);
    if (found) return found;
    throw new UserInputError(
      setup.multiProject ? `${shown}: no project "${name}" (projects: ${names.join(', ')})` : `${shown}: no project "${name}": this config has one project and no "projects" list`,
    );
  }
  if (setup.projects.length === 1) return setup.projects[0];
  throw new UserInputError(`${shown}: lists ${names.length} projects (${names.join(', ')}): pass --project NAME`);
}

/**
 * The projects a command is about: `--project`'s; else, with an environment name, those that have it (none
 * when none does); else every project.
 */
export function chooseProjects(setup: DriftboardSetup, project?: string | null, environment?: string | null): DriftboardConfig[] {
  if (project) return [selectProject(setup, project)];
  if (!environment) return setup.projects;
  return setup.projects.filter((p) => p.environments.some((e) => e.name === environment));
}

/** Validates an already-parsed config object and returns its one project (see loadConfig). */
export async function parseConfig(raw: unknown, file: string, env: Readonly<Record<string, string | undefined>> = process.env): Promise<DriftboardConfig> {
  return selectProject(await parseSetup(raw, file, env));
}

/** Validates an already-parsed config object (`file` is the absolute path relative paths resolve against). */
export async function parseSetup(raw: unknown, file: string, env: Readonly<Record<string, string | undefined>> = process.env): Promise<DriftboardSetup> {
  const shown = displayPath(file);
  let expanded: unknown;
  try {
    expanded = expandVariables(raw, env);
  } catch (err) {
    if (err instanceof MissingVariableError) {
      throw new UserInputError(`${shown}: ${formatKeyPath(err.path)}: ${err.message}`);
    }
    throw err;
  }
  const result = configFileSchema.safeParse(expanded);
  if (!result.success) throw new UserInputError(`${shown}: ${describeIssues(result.error.issues, env)}`);
  const parsed: ConfigFile = result.data;
  const base = path.dirname(file);
  const multiProject = parsed.projects !== undefined;
  // The one-project form is a project at the top level, named DEFAULT_PROJECT, at key path "".
  const entries: Array<{ at: string; project: ProjectFile }> = multiProject
    ? parsed.projects!.map((project, i) => ({ at: `projects[${i}].`, project }))
    : [{ at: '', project: { name: DEFAULT_PROJECT, migrations: parsed.migrations!, models: parsed.models, environments: parsed.environments! } }];

  const seenProjects = new Map<string, number>();
  entries.forEach(({ project }, i) => {
    const first = seenProjects.get(project.name);
    if (first !== undefined) throw new UserInputError(`${shown}: projects[${i}].name: duplicate project name "${project.name}" (also projects[${first}])`);
    seenProjects.set(project.name, i);
  });

  const projects: DriftboardConfig[] = [];
  for (const { at, project } of entries) {
    projects.push(
      await resolveProject(project, at, {
        file,
        base,
        shown,
        multiProject,
        shadowUrl: project.shadowUrl ?? parsed.shadowUrl ?? null,
        defaultPoll: project.pollIntervalSeconds ?? parsed.pollIntervalSeconds ?? DEFAULT_POLL_INTERVAL_SECONDS,
      }),
    );
  }

  let alerts: DriftboardSetup['alerts'] = null;
  try {
    const keys = projects.flatMap((p) => p.environments.map((e) => e.key ?? e.name));
    const byProject = new Map(multiProject ? projects.map((p) => [p.project ?? DEFAULT_PROJECT, p.environments.map((e) => e.key ?? e.name)]) : []);
    alerts = parsed.alerts ? resolveAlertsConfig(parsed.alerts, keys, byProject) : null;
  } catch (err) {
    if (err instanceof AlertsConfigError) throw new UserInputError(`${shown}: ${err.message}`);
    throw err;
  }
  for (const p of projects) p.alerts = alerts;
  return { file, projects, multiProject, alerts };
}

/** One project's paths checked and resolved against the config file; `at` prefixes its key paths. */
async function resolveProject(
  project: ProjectFile,
  at: string,
  context: { file: string; base: string; shown: string; multiProject: boolean; shadowUrl: string | null; defaultPoll: number },
): Promise<DriftboardConfig> {
  const { base, shown } = context;
  const seen = new Map<string, number>();
  project.environments.forEach((e, i) => {
    const first = seen.get(e.name);
    if (first !== undefined) {
      throw new UserInputError(`${shown}: ${at}environments[${i}].name: duplicate environment name "${e.name}" (also ${at}environments[${first}])`);
    }
    seen.set(e.name, i);
  });

  const migrationsPath = path.resolve(base, project.migrations.path);
  const info = await stat(migrationsPath).catch(() => null);
  if (!info) throw new UserInputError(`${shown}: ${at}migrations.path: directory ${displayPath(migrationsPath)} does not exist`);
  if (!info.isDirectory()) throw new UserInputError(`${shown}: ${at}migrations.path: ${displayPath(migrationsPath)} is not a directory`);

  const exact = await resolvePythonExact(project.migrations, base, migrationsPath, `${shown}: ${at}`);

  let models: DriftboardConfig['models'] = null;
  if (project.models) {
    const modelsPath = path.resolve(base, project.models.path);
    const minfo = await stat(modelsPath).catch(() => null);
    if (!minfo) throw new UserInputError(`${shown}: ${at}models.path: ${displayPath(modelsPath)} does not exist`);
    if (project.models.orm === 'sqlalchemy' && !minfo.isDirectory()) throw new UserInputError(`${shown}: ${at}models.path: ${displayPath(modelsPath)} is not a directory (sqlalchemy reads a folder of .py files)`);
    models = { orm: project.models.orm, path: modelsPath };
  }

  return {
    file: context.file,
    project: project.name,
    migrations: { tool: project.migrations.tool, path: migrationsPath, ...exact, ...(project.migrations.maxFileBytes === undefined ? {} : { maxFileBytes: project.migrations.maxFileBytes }) },
    environments: project.environments.map((e) => ({
      name: e.name,
      key: environmentKey(project.name, e.name, context.multiProject),
      url: e.url,
      schemas: e.schemas ?? null,
      pollIntervalSeconds: e.pollIntervalSeconds ?? context.defaultPoll,
    })),
    shadowUrl: context.shadowUrl,
    models,
    alerts: null,
  };
}

/**
 * `migrations.python` / `migrations.alembicIni`: an interpreter path with a slash resolves against the config
 * file and must exist; a bare name (`python3`) is looked up on PATH when it runs. The ini defaults to the
 * nearest alembic.ini above the versions directory.
 */
async function resolvePythonExact(
  migrations: ProjectFile['migrations'],
  base: string,
  migrationsPath: string,
  shown: string,
): Promise<{ python: string | null; alembicIni: string | null }> {
  if (migrations.python === undefined) {
    if (migrations.alembicIni !== undefined) throw new UserInputError(`${shown}migrations.alembicIni: only used with migrations.python`);
    return { python: null, alembicIni: null };
  }
  if (migrations.tool !== 'alembic') throw new UserInputError(`${shown}migrations.python: only for tool "alembic"`);
  let python = migrations.python;
  if (/[\\/]/.test(python)) {
    python = path.resolve(base, python);
    const info = await stat(python).catch(() => null);
    if (!info) throw new UserInputError(`${shown}migrations.python: ${displayPath(python)} does not exist`);
    if (!info.isFile()) throw new UserInputError(`${shown}migrations.python: ${displayPath(python)} is not a file`);
    const executable = await access(python, constants.X_OK).then(() => true, () => false);
    if (!executable) throw new UserInputError(`${shown}migrations.python: ${displayPath(python)} is not executable`);
  }
  if (migrations.alembicIni !== undefined) {
    const ini = path.resolve(base, migrations.alembicIni);
    if (!(await stat(ini).catch(() => null))?.isFile()) throw new UserInputError(`${shown}migrations.alembicIni: ${displayPath(ini)} does not exist`);
    return { python, alembicIni: ini };
  }
  const found = await findAlembicIni(migrationsPath);
  if (!found) {
    throw new UserInputError(
      `${shown}migrations.python: no alembic.ini in ${displayPath(migrationsPath)} or a folder above it (set migrations.alembicIni)`,
    );
  }
  return { python, alembicIni: found };
}

/** The first problem, on one line, with its key path; a count of the others. Values are never echoed. */
function describeIssues(issues: readonly z.core.$ZodIssue[], env: Readonly<Record<string, string | undefined>>): string {
  const [first] = issues;
  let where = formatKeyPath(first.path);
  let what = first.message;
  if (first.code === 'unrecognized_keys') {
    const keys = first.keys;
    where = formatKeyPath([...first.path, keys[0]]);
    what = keys.length > 1 ? `unknown keys ${keys.map((k) => `"${k}"`).join(', ')}` : 'unknown key';
  } else if (first.code === 'invalid_type' && /received undefined/.test(first.message)) {
    what = 'is required';
  } else if (first.code === 'invalid_type') {
    what = `must be ${first.expected === 'array' ? 'an array' : `a ${first.expected}`}`;
  }
  const more = issues.length > 1 ? ` (and ${issues.length - 1} more problem${issues.length > 2 ? 's' : ''})` : '';
  // Messages never include values, but an expanded variable could surface through zod: scrub anyway.
  return redactText(`${where}: ${what}${more}`, secretsOf(env));
}

function secretsOf(env: Readonly<Record<string, string | undefined>>): string[] {
  return Object.entries(env)
    .filter(([k]) => /PASSWORD|SECRET|TOKEN/i.test(k))
    .map(([, v]) => v ?? '');
}

/** Deeper than any real config; bounds the recursion of variable expansion and validation. */
const MAX_CONFIG_DEPTH = 64;

/** Offset of the first `[`/`{` (outside strings) deeper than MAX_CONFIG_DEPTH, or null. */
function tooDeepAt(text: string): number | null {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c) i++; // backslash escape
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x5b || c === 0x7b) {
      if (++depth > MAX_CONFIG_DEPTH) return i;
    } else if (c === 0x5d || c === 0x7d) depth--;
  }
  return null;
}

function lineAt(text: string, offset: number): number {
  let line = 1;
  for (let i = text.indexOf('\n'); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) line++;
  return line;
}

function jsonErrorLine(text: string, err: unknown): string {
  const message = (err as Error).message ?? '';
  const lineCol = /line (\d+) column (\d+)/.exec(message);
  if (lineCol) return `:${lineCol[1]}`;
  const position = /position (\d+)/.exec(message);
  if (position) return `:${text.slice(0, Number(position[1])).split('\n').length}`;
  return '';
}

function firstLine(text: string): string {
  return text.split('\n')[0].replace(/\s*\(line \d+ column \d+\)/, '');
}

/** Paths inside the working directory are shown relative to it; others absolute. */
export function displayPath(absolute: string): string {
  const rel = path.relative(process.cwd(), absolute);
  return rel && !rel.startsWith('..') && !path.isAbsolute(rel) ? rel : absolute;
}
