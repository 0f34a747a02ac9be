// toNodeHandler on a real node:http server: bounded bodies, clients that leave, HEAD, repeated
// headers, and handlers that fail.
import type { IncomingMessage, Server } from 'node:http';
import { createServer, request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { MAX_BODY_BYTES } from '../body';
import { toNodeHandler } from '../nodeHandler';

let server: Server | null = null;
afterEach(async () => {
  vi.restoreAllMocks();
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  server = null;
});

/** Serves `handle` on a free port; returns the port. */
async function serve(handle: (request: Request) => Promise<Response>, before?: (req: IncomingMessage) => void): Promise<number> {
  const adapter = toNodeHandler(handle);
  server = createServer((req, res) => {
    before?.(req);
    adapter(req, res);
  });
  await new Promise<void>((resolve) => server?.listen(0, '127.0.0.1', resolve));
  return (server.address() as AddressInfo).port;
}

/** Sends a body in chunks without a Content-Length (chunked transfer), as a streaming client does. */
function sendChunked(port: number, chunks: string[]): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: '127.0.0.1', port, method: 'POST', path: '/x', headers: { 'content-type': 'application/json' } }, (res) => {
      let body = '';
      res.on('data', (chunk: Buffer) => void (body += chunk.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    // The server may answer and stop reading before the last chunk: that is the point.
    req.on('error', (error: NodeJS.ErrnoException) => (error.code === 'EPIPE' || error.code === 'ECONNRESET' ? undefined : reject(error)));
    for (const chunk of chunks) req.write(chunk);
    req.end();
  });
}

const echo = async (request: Request) => Response.json({ method: request.method, bytes: (await request.arrayBuffer()).byteLength });

describe('toNodeHandler', () => {
  describe('bodies', () => {
    it('passes a streamed body of exactly 64 KiB to the handler', async () => {
      const port = await serve(echo);
      const reply = await sendChunked(port, ['"', 'a'.repeat(MAX_BODY_BYTES - 2), '"']);
      expect(reply.status).toBe(200);
      expect(JSON.parse(reply.body)).toEqual({ method: 'POST', bytes: MAX_BODY_BYTES });
    });

    it('answers 413 payload_too_large once a streamed body without a length passes 64 KiB, and never calls the handler', async () => {
      const handle = vi.fn(echo);
      const port = await serve(handle);
      const reply = await sendChunked(port, ['"', 'a'.repeat(40_000), 'a'.repeat(40_000), '"']);
      expect(reply.status).toBe(413);
      expect(JSON.parse(reply.body)).toMatchObject({ error: { code: 'payload_too_large', details: { maxBytes: MAX_BODY_BYTES } } });
      expect(handle).not.toHaveBeenCalled();
    });

    it('answers 413 at once for a declared Content-Length over 64 KiB', async () => {
      const handle = vi.fn(echo);
      const port = await serve(handle);
      const response = await fetch(`http://127.0.0.1:${port}/x`, { method: 'PUT', body: 'x'.repeat(MAX_BODY_BYTES + 1) });
      expect(response.status).toBe(413);
      expect(handle).not.toHaveBeenCalled();
    });

    it('uses the body a parser mounted earlier already read (the stream is spent)', async () => {
      const adapter = toNodeHandler(async (request: Request) => Response.json(await request.json()));
      // What express.json() leaves behind: the stream read to its end and the parsed value on req.body.
      server = createServer((req: IncomingMessage & { body?: unknown }, res) => {
        const chunks: Buffer[] = [];
        req.on('data', (chunk: Buffer) => chunks.push(chunk));
        req.on('end', () => {
          req.body = JSON.parse(Buffer.concat(chunks).toString()) as unknown;
          adapter(req, res);
        });
      });
      await new Promise<void>((resolve) => server?.listen(0, '127.0.0.1', resolve));
      const port = (server.address() as AddressInfo).port;
      const response = await fetch(`http://127.0.0.1:${port}/x`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"targetUserId":"u_alice"}' });
      expect(response.status).toBe(200);
      expect(await response.json()).toEqual({ targetUserId: 'u_alice' });
    });
  });

  it('stays quiet and calls nothing when the client leaves half-way through its body', async () => {
    const handle = vi.fn(echo);
    const logged = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    let closed!: Promise<void>;
    const port = await serve(handle, (req) => {
      closed = new Promise((resolve) => req.on('close', () => setImmediate(resolve)));
    });
    const req = httpRequest({ host: '127.0.0.1', port, method: 'POST', path: '/x', headers: { 'content-type': 'application/json' } });
    req.on('error', () => undefined);
    req.write('{"reason":');
    await new Promise((resolve) => setTimeout(resolve, 50));
    req.destroy();
    await closed;
    expect(handle).not.toHaveBeenCalled();
    expect(logged).not.toHaveBeenCalled();
    // The server still answers the next client.
    expect((await fetch(`http://127.0.0.1:${port}/x`)).status).toBe(200);
  });

  it('answers HEAD with the status and headers of the handler but no body', async () => {
    const port = await serve(async (request) => new Response(JSON.stringify({ method: request.method }), { status: 200, headers: { 'content-type': 'application/json', 'x-total': '3' } }));
    const response = await fetch(`http://127.0.0.1:${port}/x`, { method: 'HEAD' });
    expect(response.status).toBe(200);
    expect(response.headers.get('x-total')).toBe('3');
    expect(await response.text()).toBe('');
  });

  it('sends every Set-Cookie of the answer as its own header, and hands repeated request headers to the handler', async () => {
    const port = await serve(async (request) => {
      const headers = new Headers({ 'content-type': 'application/json' });
      headers.append('set-cookie', 'a=1; Path=/; HttpOnly');
      headers.append('set-cookie', 'b=2; Path=/');
      return new Response(JSON.stringify({ accept: request.headers.get('accept-language') }), { headers });
    });
    const reply = await new Promise<{ cookies: string[] | undefined; body: string }>((resolve, reject) => {
      const req = httpRequest({ host: '127.0.0.1', port, path: '/x', headers: { 'accept-language': ['fr', 'en'] } }, (res) => {
        let body = '';
        res.on('data', (chunk: Buffer) => void (body += chunk.toString()));
        res.on('end', () => resolve({ cookies: res.headers['set-cookie'], body }));
      });
      req.on('error', reject);
      req.end();
    });
    expect(reply.cookies).toEqual(['a=1; Path=/; HttpOnly', 'b=2; Path=/']);
    expect(JSON.parse(reply.body)).toEqual({ accept: 'fr, en' });
  });

  it('answers 500 internal_error without a stack when the handler throws', async () => {
    const logged = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const port = await serve(async () => {
      throw new Error('db password is hunter2');
    });
    const response = await fetch(`http://127.0.0.1:${port}/x`);
    expect(response.status).toBe(500);
    const text = await response.text();
    expect(JSON.parse(text)).toMatchObject({ error: { code: 'internal_error' } });
    expect(text).not.toMatch(/hunter2|at |Error:/);
    expect(logged).toHaveBeenCalledTimes(1);
  });

  it('cuts the connection when the answer body fails half-way, so it never looks complete', async () => {
    vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const port = await serve(async () => {
      let sent = false;
      const body = new ReadableStream<Uint8Array>({
        pull(controller) {
          if (sent) controller.error(new Error('stream broke'));
          else {
            sent = true;
            controller.enqueue(new TextEncoder().encode('{"items":['));
          }
        },
      });
      return new Response(body, { headers: { 'content-type': 'application/json' } });
    });
    await expect(fetch(`http://127.0.0.1:${port}/x`).then((response) => response.text())).rejects.toThrow();
  });
});
