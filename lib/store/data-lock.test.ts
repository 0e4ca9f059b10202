import { afterEach, describe, expect, it } from 'vitest';
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { acquireDataLock, DataFolderLockedError, LOCK_FILE } from './data-lock';
import { openStore } from './open';

const HELPER = resolve(import.meta.dirname, 'data-lock-holder.test-helpers.ts');
const children: ChildProcess[] = [];
const dirs: string[] = [];

afterEach(async () => {
  for (const child of children.splice(0)) if (child.exitCode === null) child.kill('SIGKILL');
  for (const dir of dirs.splice(0)) await rm(dir, { recursive: true, force: true });
});

async function tempDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'driftboard-lock-'));
  dirs.push(dir);
  return dir;
}

interface Holder {
  child: ChildProcess;
  /** The first line the helper printed: it has the folder, or says why not. */
  reply: { ok: true; pid: number } | { ok: false; error: string };
}

/** Starts a real second process on the folder and waits until it reports holding it (or failing to). */
async function holdInAnotherProcess(mode: 'lock' | 'store', dir: string): Promise<Holder> {
  const child = spawn(process.execPath, ['--import', 'tsx', HELPER, mode, dir], { stdio: ['pipe', 'pipe', 'inherit'] });
  children.push(child);
  const lines = createInterface({ input: child.stdout! });
  const [line] = (await Promise.race([once(lines, 'line'), once(child, 'exit').then(() => ['{"ok":false,"error":"exited"}'])])) as [string];
  return { child, reply: JSON.parse(line) };
}

async function tell(holder: Holder, command: 'release' | 'die'): Promise<void> {
  const exited = once(holder.child, 'exit');
  holder.child.stdin!.write(`${command}\n`);
  await exited;
}

describe('data folder lock', () => {
  it('refuses a folder a live process holds, in one line naming the folder and the pid', async () => {
    const dir = await tempDir();
    const other = await holdInAnotherProcess('lock', dir);
    expect(other.reply.ok).toBe(true);
    const pid = (other.reply as { pid: number }).pid;
    const err = await acquireDataLock(dir).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DataFolderLockedError);
    const message = (err as Error).message;
    expect(message).toContain(dir);
    expect(message).toContain(`pid ${pid}`);
    expect(message).not.toContain('\n');
    const onDisk = JSON.parse(await readFile(join(dir, LOCK_FILE), 'utf8'));
    expect(onDisk).toMatchObject({ pid, hostname: expect.any(String), startedAt: expect.any(String) });

    await tell(other, 'release');
    expect(existsSync(join(dir, LOCK_FILE))).toBe(false);
    const mine = await acquireDataLock(dir);
    expect(mine.holder.pid).toBe(process.pid);
    await mine.release();
  });

  it('takes over the lock of a process that died holding it', async () => {
    const dir = await tempDir();
    const other = await holdInAnotherProcess('lock', dir);
    await tell(other, 'die');
    expect(existsSync(join(dir, LOCK_FILE))).toBe(true);
    const mine = await acquireDataLock(dir);
    expect(JSON.parse(await readFile(join(dir, LOCK_FILE), 'utf8')).pid).toBe(process.pid);
    await mine.release();
    expect(existsSync(join(dir, LOCK_FILE))).toBe(false);
  });

  it('takes over a lock whose pid now belongs to a different process (pid reused)', async () => {
    const dir = await tempDir();
    // Our own parent is alive, but it did not start at the time written down: a reused pid.
    const stale = { pid: process.ppid, hostname: (await import('node:os')).hostname(), startedAt: '2000-01-01T00:00:00.000Z', procStart: '1' };
    await writeFile(join(dir, LOCK_FILE), JSON.stringify(stale));
    const mine = await acquireDataLock(dir);
    expect(mine.holder.pid).toBe(process.pid);
    await mine.release();
  });

  it('a second process cannot open a PGlite store another process has open; it can once that one is gone', async () => {
    const dir = await tempDir();
    const store = await openStore({ databaseUrl: null, dataDir: dir });
    try {
      const second = await holdInAnotherProcess('store', dir);
      expect(second.reply.ok).toBe(false);
      const error = (second.reply as { error: string }).error;
      expect(error).toContain(dir);
      expect(error).toContain(`pid ${process.pid}`);
    } finally {
      await store.close();
    }
    const third = await holdInAnotherProcess('store', dir);
    expect(third.reply).toMatchObject({ ok: true });
    await tell(third, 'release');
  });
});
