// toNodeHandler over real node:http with bodies streamed in chunks (no Content-Length): the 64 KiB
// cap holds while reading, and the answer comes before the client has finished sending.
import { createServer, request as httpRequest } from 'node:http';
import type { IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_BODY_BYTES } from '../body';
import { toNodeHandler } from '../nodeHandler';
import { testServer } from './harness';

const t = testServer();
let handled = 0;
const http = createServer(
  toNodeHandler((request) => {
    handled += 1;
    return t.server.handle(request);
  }),
);
let port = 0;
beforeAll(async () => {
  await new Promise<void>((done) => http.listen(0, '127.0.0.1', done));
  port = (http.address() as AddressInfo).port;
});
afterAll(() => new Promise<void>((done) => http.close(() => done())));

const CHUNK = 8 * 1024;
const CAP = 1024 * 1024;

/** Streams a JSON start chunk by chunk until the server answers or `total` bytes are sent; ends the body only if it never answered. */
function streamStart(total: number): Promise<{ status: number; body: { error?: { code: string; details?: unknown } }; sentBeforeAnswer: number; ended: boolean }> {
  return new Promise((resolve, reject) => {
    let sent = 0;
    let answered: IncomingMessage | null = null;
    let sentBeforeAnswer = 0;
    let ended = false;
    const req = httpRequest({ port, method: 'POST', path: '/api/impersonation/sessions', headers: { authorization: 'Bearer test:u_admin', 'content-type': 'application/json', 'transfer-encoding': 'chunked' } });
    req.on('response', (res) => {
      answered = res;
      sentBeforeAnswer = sent;
      const parts: Buffer[] = [];
      res.on('data', (part: Buffer) => parts.push(part));
      res.on('end', () => {
        req.destroy();
        resolve({ status: res.statusCode ?? 0, body: JSON.parse(Buffer.concat(parts).toString('utf8')), sentBeforeAnswer, ended });
      });
    });
    req.on('error', (error) => {
      if (!answered) reject(error);
    });
    // A body that is valid JSON whatever its length: a long reason, closed at the end.
    const head = '{"targetUserId":"u_alice","reason":"';
    const tail = '"}';
    req.write(head);
    sent += head.length;
    const pump = () => {
      if (answered) return;
      if (sent + CHUNK + tail.length >= total) {
        req.end(`${'r'.repeat(Math.max(0, total - sent - tail.length))}${tail}`);
        sent = total;
        ended = true;
        return;
      }
      req.write('r'.repeat(CHUNK));
      sent += CHUNK;
      // Give the server a turn between chunks, as a slow client would.
      setTimeout(pump, 2);
    };
    pump();
  });
}

describe('toNodeHandler with a streamed body (no Content-Length)', () => {
  it('answers 413 payload_too_large as soon as the body crosses 64 KiB, before the client has sent it all, without calling the server', async () => {
    handled = 0;
    const reply = await streamStart(CAP);
    expect(reply.status).toBe(413);
    expect(reply.body.error).toMatchObject({ code: 'payload_too_large', details: { maxBytes: MAX_BODY_BYTES } });
    expect(reply.ended).toBe(false);
    expect(reply.sentBeforeAnswer).toBeGreaterThan(MAX_BODY_BYTES);
    expect(reply.sentBeforeAnswer).toBeLessThan(CAP);
    expect(handled).toBe(0);
  });

  it('reads a streamed body under 64 KiB whole and hands it to the server', async () => {
    handled = 0;
    const reply = await streamStart(40 * 1024);
    expect(reply.ended).toBe(true);
    // The server read all of it: the long reason is measured (and refused) by the rules, not the cap.
    expect(reply).toMatchObject({ status: 422, body: { error: { code: 'invalid_reason' } } });
    expect(handled).toBe(1);
  });
});
