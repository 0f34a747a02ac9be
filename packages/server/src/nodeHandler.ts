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
  /** True once the stream was read to its end (by a body parser mounted before us). */
  readableEnded?: boolean;
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
  /** Cuts the connection: a body that fails half-way must not look complete. */
  destroy?(): unknown;
}

const NO_BODY = new Set(['GET', 'HEAD']);

// 'aborted': the client went away before the body ended; there is nobody left to answer.
function collect(req: NodeRequestLike): Promise<Uint8Array | 'too_large' | 'aborted'> {
  return new Promise((resolve) => {
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
    const aborted = () => {
      if (done) return;
      done = true;
      chunks.length = 0;
      resolve('aborted');
    };
    req.on('error', aborted);
    req.on('close', aborted);
  });
}

/** The bytes of a body a parser already read: raw bytes or text as they are, parsed JSON written back; none for undefined. */
function consumedBody(body: unknown): Uint8Array | 'too_large' {
  let bytes: Uint8Array;
  if (body === undefined || body === null) bytes = new Uint8Array(0);
  else if (body instanceof Uint8Array) bytes = body;
  else bytes = new TextEncoder().encode(typeof body === 'string' ? body : JSON.stringify(body));
  return bytes.byteLength > MAX_BODY_BYTES ? 'too_large' : bytes;
}

async function send(res: NodeResponseLike, response: Response, head: boolean): Promise<void> {
  res.statusCode = response.status;
  response.headers.forEach((value, name) => {
    // Set-Cookie cannot be folded into one line: each cookie is its own header.
    if (name !== 'set-cookie') res.setHeader(name, value);
  });
  const cookies = response.headers.getSetCookie();
  if (cookies.length > 0) res.setHeader('set-cookie', cookies);
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
          const read = req.readableEnded === true ? consumedBody(req.body) : await collect(req);
          if (read === 'aborted') return;
          if (read === 'too_large') {
            req.resume?.();
            await send(res, errorResponse(new ApiError('payload_too_large', undefined, { maxBytes: MAX_BODY_BYTES })), false);
            return;
          }
          body = read.byteLength > 0 ? read : undefined;
        }
        // The body is already read and bounded: the Request gets exact bytes, so its length is known.
        headers.delete('content-length');
        if (body !== undefined) headers.set('content-length', String(body.byteLength));
        const request = new Request(url, { method, headers, body: body as BodyInit | undefined });
        await send(res, await handle(request), method === 'HEAD');
      } catch (error) {
        console.error('[impersonate-kit/server] node handler failed', error);
        if (!res.headersSent) await send(res, errorResponse(new ApiError('internal_error')), false).catch(() => undefined);
        else if (res.destroy) res.destroy();
        else res.end();
      }
    })();
  };
}
