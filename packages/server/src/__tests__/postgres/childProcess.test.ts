// Two processes, two pools, one database: an instance in a child process over real HTTP and one
// in this process. The database, not either process, decides.
import type { ChildProcess } from 'node:child_process';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, beforeEach, expect, it } from 'vitest';
import type { Reply } from '../harness';
import { testServer } from '../harness';
import type { TestDatabase } from './database';
import { createTestDatabase } from './database';
import { count } from './instances';

let database: TestDatabase;
let child: ChildProcess;
let base: string;
let local: ReturnType<typeof testServer>;

async function startChild(url: string): Promise<{ child: ChildProcess; port: number }> {
  const entry = fileURLToPath(new URL('./instanceProcess.ts', import.meta.url));
  const proc = spawn(process.execPath, ['--conditions=@impersonate-kit/source', '--import', 'tsx', entry, url], {
    cwd: fileURLToPath(new URL('../../..', import.meta.url)),
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  proc.stderr?.on('data', (chunk: Buffer) => void (err += chunk.toString()));
  const port = await new Promise<number>((resolve, reject) => {
    proc.stdout?.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const line = out.split('\n').find((l) => l.startsWith('{'));
      if (line) resolve((JSON.parse(line) as { port: number }).port);
    });
    proc.once('exit', (code) => reject(new Error(`The instance process exited (${code}): ${err}`)));
  });
  return { child: proc, port };
}

beforeAll(async () => {
  database = await createTestDatabase('child');
  const started = await startChild(database.url);
  child = started.child;
  base = `http://127.0.0.1:${started.port}/api/impersonation`;
  local = testServer({ clock: { now: () => Date.now() } }, database.store(8));
}, 60_000);
afterAll(async () => {
  if (child && child.exitCode === null) {
    child.stdin?.end();
    await once(child, 'exit');
  }
  await database?.drop();
});
beforeEach(() => database.truncate());

/** POST /sessions on the child process, over HTTP. */
async function remoteStart(key: string): Promise<{ status: number; body: Reply }> {
  const response = await fetch(`${base}/sessions`, {
    method: 'POST',
    headers: { authorization: 'Bearer test:u_admin', 'content-type': 'application/json', 'idempotency-key': key },
    body: JSON.stringify({ targetUserId: 'u_alice', reason: 'Reproducing a bug' }),
  });
  return { status: response.status, body: (await response.json()) as Reply };
}

const localStart = (key: string) => local.start('u_admin', { targetUserId: 'u_alice', reason: 'Reproducing a bug' }, { 'Idempotency-Key': key });

it('20 concurrent starts split across two processes make exactly one session', async () => {
  const replies = await Promise.all(Array.from({ length: 20 }, (_, i) => (i % 2 ? remoteStart(`key-${i}`) : localStart(`key-${i}`))));
  expect(replies.filter((r) => r.status === 201)).toHaveLength(1);
  expect(replies.filter((r) => r.status === 409 && r.body.error?.code === 'already_impersonating')).toHaveLength(19);
  expect(await count(database, 'impersonation_sessions', "status = 'active'")).toBe(1);
});

it('the same key in both processes answers the same session, and an end in one is seen by the other', async () => {
  const replies = await Promise.all(Array.from({ length: 10 }, (_, i) => (i % 2 ? remoteStart('shared-key') : localStart('shared-key'))));
  expect(replies.map((r) => r.status)).toEqual(Array(10).fill(201));
  expect(new Set(replies.map((r) => r.body.session?.id)).size).toBe(1);
  const ended = await fetch(`${base}/sessions/current`, { method: 'DELETE', headers: { authorization: 'Bearer test:u_admin' } });
  expect(ended.status).toBe(200);
  expect((await local.call('GET', '/sessions/current', { as: 'u_admin' })).body.error?.code).toBe('no_active_session');
});
