// The suite over real HTTP, through the README's driver for a backend that is not ours: a small
// node:http host serves the mock and the README's test-only endpoints. Every case must end as it
// does in-process, so the transport (sockets, fetch's own headers, raw bytes) changes nothing.
import { readFileSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { MockApi, MockPreset } from '@impersonate-kit/mock-api';
import { AS_TARGET_HEADER, createMockApi } from '@impersonate-kit/mock-api';
import { getResponse } from 'msw';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { driverFrom } from '../cliMain';
import { runConformance } from '../runConformance';
import type { ConformanceDriver, RunResult } from '../types';

const SECRET = 'conformance-test-secret';
const driverFile = new URL('../../drivers/http.mjs', import.meta.url);

/** A mock backend that answers Web requests in-process, without intercepting fetch. */
function inProcessMock() {
  let now = Date.parse('2026-03-02T09:00:00.000Z');
  const clock = { now: () => now, advance: (ms: number) => void (now += ms) };
  let api: MockApi = createMockApi({ clock, viewerId: null });
  return {
    reset(preset: MockPreset) {
      api = createMockApi({ preset, clock, viewerId: null });
    },
    advance: (ms: number) => clock.advance(ms),
    hasUser: (id: string) => api.getState().users.some((user) => user.id === id),
    async answer(request: Request): Promise<Response> {
      return (await getResponse(api.handlers, request)) ?? Response.json({ error: { code: 'not_found', message: 'Not found.' } }, { status: 404 });
    },
  };
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

/** The README's test-only endpoints over the mock; anything else goes to the mock itself. */
function host(mock: ReturnType<typeof inProcessMock>) {
  return async (req: IncomingMessage, res: ServerResponse) => {
    const body = await readBody(req);
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const send = (status: number, json?: unknown) => {
      res.writeHead(status, json === undefined ? {} : { 'content-type': 'application/json' });
      res.end(json === undefined ? undefined : JSON.stringify(json));
    };
    if (url.pathname.startsWith('/__conformance/')) {
      if (req.headers['x-conformance-secret'] !== SECRET) return send(403, { error: 'wrong secret' });
      const input = JSON.parse(body.toString('utf8')) as { preset?: MockPreset; ms?: number; userId?: string; impersonatedBy?: string };
      const action = url.pathname.slice('/__conformance/'.length);
      if (action === 'reset') return (mock.reset(input.preset as MockPreset), send(204));
      if (action === 'advance') return (mock.advance(Number(input.ms)), send(204));
      if (action === 'credentials') {
        if (!mock.hasUser(String(input.userId))) return send(404, { error: 'no such user' });
        // The mock names the real user in the bearer and marks calls from inside their session.
        if (input.impersonatedBy) return send(200, { headers: { authorization: `Bearer demo:${input.impersonatedBy}`, [AS_TARGET_HEADER]: '1' } });
        return send(200, { headers: { authorization: `Bearer demo:${input.userId}` } });
      }
      return send(404, { error: 'unknown control' });
    }
    const headers = new Headers();
    for (const [name, value] of Object.entries(req.headers)) if (typeof value === 'string') headers.set(name, value);
    const method = req.method ?? 'GET';
    const response = await mock.answer(new Request(url.href, { method, headers, body: method === 'GET' || method === 'HEAD' || body.length === 0 ? undefined : new Uint8Array(body) }));
    res.writeHead(response.status, Object.fromEntries(response.headers));
    res.end(Buffer.from(await response.arrayBuffer()));
  };
}

describe('the suite over HTTP with the README driver', () => {
  const mock = inProcessMock();
  const server = createServer((req, res) => {
    host(mock)(req, res).catch((error: unknown) => {
      res.writeHead(500);
      res.end(String(error));
    });
  });
  let driver: ConformanceDriver;

  beforeAll(async () => {
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    process.env.CONFORMANCE_ORIGIN = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    process.env.CONFORMANCE_SECRET = SECRET;
    driver = await driverFrom(await import(/* @vite-ignore */ driverFile.href));
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('ends every case as the same backend does in-process', async () => {
    const overHttp = await runConformance(driver);
    const inProcess = await runConformance({
      baseUrl: 'http://localhost/api/impersonation',
      appUrl: 'http://localhost/api/app',
      headersFor: (userId) => ({ authorization: `Bearer demo:${userId}` }),
      impersonatedHeadersFor: (_target, impersonator) => ({ authorization: `Bearer demo:${impersonator}`, [AS_TARGET_HEADER]: '1' }),
      reset: (preset) => mock.reset(preset),
      advance: (ms) => mock.advance(ms),
      fetch: (input, init) => mock.answer(new Request(input, init)),
    });
    const outcomes = (result: RunResult) => result.cases.map((c) => `${c.status} ${c.name}`);

    expect(overHttp.cases.length).toBeGreaterThan(100);
    expect(outcomes(overHttp)).toEqual(outcomes(inProcess));
  });

  it('is the driver the README shows', () => {
    const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');

    expect(readme).toContain(readFileSync(driverFile, 'utf8').trim());
  });
});
