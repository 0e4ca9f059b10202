import { DEMO_PORT, PROJECTS_PORT, UNREACHABLE_PORT } from './support';

/**
 * Waits until both servers have built the demo, seeded its history and polled every environment
 * once: the overview API reports a last poll for each. Polls the condition; no fixed sleeps.
 */
export default async function globalSetup(): Promise<void> {
  await Promise.all([DEMO_PORT, UNREACHABLE_PORT, PROJECTS_PORT].map((port) => untilPolled(`http://127.0.0.1:${port}/api/overview`)));
}

async function untilPolled(url: string, timeoutMs = 240_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last = '';
  while (Date.now() < deadline) {
    try {
      const res = await fetch(url);
      if (res.ok) {
        const body = (await res.json()) as { environments: Array<{ name: string; lastPollAt: string | null }> };
        if (body.environments.length === 3 && body.environments.every((e) => e.lastPollAt)) return;
        last = `not polled yet: ${body.environments.filter((e) => !e.lastPollAt).map((e) => e.name).join(', ')}`;
      } else {
        last = `HTTP ${res.status}`;
      }
    } catch (err) {
      last = String(err);
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  throw new Error(`${url} never reported three polled environments (${last})`);
}
