// Next.js 16: the README's route handlers served by a real `next dev` on a free port. Dev, not a
// build: it is ready in a few seconds and compiles only the two routes asked for (a build type-checks
// and compiles everything first, several times slower on two cores); Turbopack caches in next/.next.
import type { ChildProcess } from 'node:child_process';
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, impersonationRoundTrip, originOf } from './flow';

const STARTUP_MS = 60_000;
const fixture = fileURLToPath(new URL('./next', import.meta.url));
const nextBin = createRequire(import.meta.url).resolve('next/dist/bin/next');

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

/** Polls until the server answers at all (any status), or gives up when the start-up budget is spent. */
async function waitForServer(origin: string, child: ChildProcess, log: () => string): Promise<void> {
  const deadline = Date.now() + STARTUP_MS;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`next dev exited with ${child.exitCode}:\n${log()}`);
    try {
      await fetch(`${origin}/api/impersonation/policy`, { signal: AbortSignal.timeout(STARTUP_MS) });
      return;
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }
  throw new Error(`next dev did not answer within ${STARTUP_MS} ms:\n${log()}`);
}

let child: ChildProcess;
let origin = '';
let output = '';

beforeAll(async () => {
  const port = await freePort();
  origin = originOf(port);
  // Its own process group, so the whole tree (next and its server worker) stops with it.
  child = spawn(process.execPath, [nextBin, 'dev', '--port', String(port), '--hostname', '127.0.0.1'], {
    cwd: fixture,
    detached: true,
    env: { ...process.env, NEXT_TELEMETRY_DISABLED: '1', NODE_ENV: 'development' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout?.on('data', (chunk: Buffer) => void (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => void (output += chunk.toString()));
  // The first request compiles the contract route; the host route compiles on its first call below.
  await waitForServer(origin, child, () => output);
  await call(origin, 'GET', '/api/me', 'session:u_admin');
}, STARTUP_MS * 2);

afterAll(() => {
  if (child.pid !== undefined && child.exitCode === null) process.kill(-child.pid, 'SIGTERM');
});

describe('mounted in Next.js route handlers', () => {
  it('starts a session, answers the host route as the target (audited), ends it, answers as the admin again', async () => {
    await impersonationRoundTrip(origin);
  }, STARTUP_MS);

  it('answers the contract from the catch-all route and refuses unknown paths with the contract error', async () => {
    expect(await call(origin, 'GET', '/api/impersonation/viewer', 'session:u_admin')).toMatchObject({ status: 200, body: { user: { id: 'u_admin' }, permissions: ['impersonate:users'], session: null } });
    expect(await call(origin, 'GET', '/api/impersonation/no/such/route', 'session:u_admin')).toMatchObject({ status: 404, body: { error: { code: 'not_found' } } });
  }, STARTUP_MS);
});
