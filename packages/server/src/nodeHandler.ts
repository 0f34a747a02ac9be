// node:http (and Express) in front of a Web `handle`: the request streamed into a Web Request
// (refused with 413 as soon as it passes 64 KiB), the Response streamed back. Duck-typed: no node import.
import { MAX_BODY_BYTES } from './body';
import { ApiError, errorResponse } from './errors';

/** The part of node's IncomingMessage the adapter reads. */
export interface NodeRequestLike {
  method?: string;
  url?: string;
  headers: Record<string, string | string[] | undefined>;
  /** `data` (Uint8Array or string chunks), `end` and `error`. */
  on(event: string, listener: (...args: never[]) => void): unknown;
  pause?(): unknown;
  resume?(): unknown;
  destroy?(): unknown;
  /** Set by body parsers (Express's json()) that already consumed the stream. */
  body?: unknown;
  /** A TLS socket has `encrypted: true`. */
  socket?: object | null;
}

/** The part of node's ServerResponse the adapter writes. */
export interface NodeResponseLike {
  statusCode: number;
  setHeader(name: string, value: string | string[]): unknown;
  write(chunk: Uint8Array): unknown;
  end(chunk?: Uint8Array | string): unknown;
  headersSent?: boolean;
}

const NO_BODY = new Set(['GET', 'HEAD']);

function collect(req: NodeRequestLike): Promise<Uint8Array | 'too_large'> {
  return new Promise((resolve, reject) => {
    const chunks: Uint8Array[] = [];
    let total = 0;
    let done = false;
    req.on('data', (chunk: Uint8Array | string) => {
      if (done) return;
      const bytes = typeof chunk === 'string' ? new TextEncoder().encode(chunk) : chunk;
      total += bytes.byteLength;
      if (total > MAX_BODY_BYTES) {
        // Stop keeping anything: the rest is drained unread, so memory stays bounded.
        done = true;
        chunks.length = 0;
        resolve('too_large');
        return;
      }
      chunks.push(bytes);
    });
    req.on('end', () => {
      if (done) return;
      done = true;
      const out = new Uint8Array(total);
      let offset = 0;
      for (const chunk of chunks) {
        out.set(chunk, offset);
        offset += chunk.byteLength;
      }
      resolve(out);
    });
    req.on('error', (error: unknown) => {
      if (!done) reject(error);
      done = true;
    });
  });
}

async function send(res: NodeResponseLike, response: Response, head: boolean): Promise<void> {
  res.statusCode = response.status;
  response.headers.forEach((value, name) => {
    res.setHeader(name, value);
  });
  if (head || !response.body) {
    res.end();
    return;
  }
  const reader = response.body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    res.write(value);
  }
  res.end();
}

function headersOf(req: NodeRequestLike): Headers {
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) {
    if (value === undefined || name.startsWith(':')) continue;
    for (const one of Array.isArray(value) ? value : [value]) headers.append(name, one);
  }
  return headers;
}

/** A node:http / Express handler that serves `handle`; bodies over 64 KiB answer 413 `payload_too_large` without being buffered. */
export function toNodeHandler(handle: (request: Request) => Promise<Response>): (req: NodeRequestLike, res: NodeResponseLike) => void {
  return (req, res) => {
    void (async () => {
      const method = (req.method ?? 'GET').toUpperCase();
      try {
        const headers = headersOf(req);
        const host = headers.get('host') ?? 'localhost';
        const url = new URL(req.url ?? '/', `${req.socket && 'encrypted' in req.socket && req.socket.encrypted === true ? 'https' : 'http'}://${host}`);
        const declared = headers.get('content-length');
        let body: Uint8Array | undefined;
        if (!NO_BODY.has(method)) {
          if (declared !== null && /^\d+$/.test(declared.trim()) && Number(declared) > MAX_BODY_BYTES) {
            req.resume?.();
            await send(res, errorResponse(new ApiError('payload_too_large', undefined, { maxBytes: MAX_BODY_BYTES })), false);
            return;
          }
          const read = await collect(req);
          if (read === 'too_large') {
            req.resume?.();
            await send(res, errorResponse(new ApiError('payload_too_large', undefined, { maxBytes: MAX_BODY_BYTES })), false);
            return;
          }
          body = read.byteLength > 0 ? read : undefined;
        }
        // The body is already read and bounded: the Request gets exact bytes, so its length is known.
        if (body === undefined) headers.delete('content-length');
        const request = new Request(url, { method, headers, body: body as BodyInit | undefined });
        await send(res, await handle(request), method === 'HEAD');
      } catch (error) {
        console.error('[impersonate-kit/server] node handler failed', error);
        if (!res.headersSent) await send(res, errorResponse(new ApiError('internal_error')), false).catch(() => undefined);
        else res.end();
      }
    })();
  };
}
