import { setFlagsFromString } from 'node:v8';
import { UnreachableError } from '../lib/db/errors';
import { redactText } from '../lib/db/redact';
import { UserInputError } from '../lib/model/errors';
import { EXIT, oneLine, processIo, UsageError, type Io } from './io';

export const HELP = `driftboard — are your PostgreSQL environments in sync with your migrations?

Usage:
  driftboard status [--config F] [--env NAME] [--json]
  driftboard check --env NAME [--max-risk LEVEL] [--fail-on-drift] [--fail-on-pending]
  driftboard diff --from A --to B [--json]
  driftboard lint PATH [--tool alembic|prisma|sql] [--json]
  driftboard models [--config F] [--json]
  driftboard repair --env NAME [--to expected|ENV] [--include-unexpected] [--as-migration] [--json]

Every command that reads environments takes --config F (default ./driftboard.config.json) and
--timeout SECONDS (default 10); with a "projects" config, --project P picks the project (status shows
every project without it; check/repair find the project of --env when only one has that name). Run "driftboard <command> --help" for details.

Exit codes: 0 ok / pass, 1 fail (gate failed, environment unreachable), 2 usage or configuration error.`;

type Command = (argv: string[], io: Io) => Promise<number>;

/** Set once a command module is loaded: only then can a shadow PGlite be open. */
let commandLoaded = false;

/** Loaded on demand so `--help` starts without PGlite, the SQL parser or the database driver. */
const COMMANDS: Record<string, () => Promise<Command>> = {
  status: async () => (await import('./commands/status')).statusCommand,
  check: async () => (await import('./commands/check')).checkCommand,
  diff: async () => (await import('./commands/diff')).diffCommand,
  lint: async () => (await import('./commands/lint')).lintCommand,
  repair: async () => (await import('./commands/repair')).repairCommand,
  models: async () => (await import('./commands/models')).modelsCommand,
};

/** Runs one command and returns its exit code; every error becomes one line on stderr, never a stack. */
export async function run(argv: string[], io: Io = processIo): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    io.out(HELP);
    return name ? EXIT.ok : EXIT.usage;
  }
  const load = COMMANDS[name];
  if (!load) {
    io.err(`driftboard: unknown command "${name}" (expected status, check, diff, lint, repair or models; see driftboard --help)`);
    return EXIT.usage;
  }
  try {
    const command = await load();
    commandLoaded = true;
    return await command(rest, io);
  } catch (err) {
    if (err instanceof UsageError || err instanceof UserInputError) {
      io.err(`driftboard: ${oneLine(err.message)}`);
      return EXIT.usage;
    }
    if (err instanceof UnreachableError) {
      io.err(`driftboard: unreachable: ${oneLine(err.message)}`);
      return EXIT.fail;
    }
    const message = err instanceof Error ? err.message : String(err);
    io.err(`driftboard: ${oneLine(message)}`);
    if (process.env.DRIFTBOARD_DEBUG && err instanceof Error && err.stack) io.err(redactText(err.stack));
    return EXIT.fail;
  }
}

/** The bin entry: run, flush stdout/stderr, exit (PGlite and pools must not keep the process alive). */
export async function main(argv: string[]): Promise<void> {
  // A CLI run executes most of PGlite's WebAssembly once: V8's baseline compiler alone serves it best. With
  // tier-up, the optimizing compiler spends more CPU on PostgreSQL's hot functions than the run saves
  // (a cold `status` of 420 migrations: about 40 % less CPU, 0.5–1 s less on 2 cores). Set before any
  // module is compiled (PGlite and the SQL parser load on demand); the dashboard keeps V8's default.
  setFlagsFromString('--liftoff-only');
  const code = await run(argv);
  if (commandLoaded) await (await import('../lib/expected')).closeShadowTemplate().catch(() => {});
  await new Promise<void>((resolve) => process.stdout.write('', () => resolve()));
  await new Promise<void>((resolve) => process.stderr.write('', () => resolve()));
  process.exit(code);
}
