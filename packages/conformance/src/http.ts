// One request to the backend under test, and its answer in a form checks can read and describe.
import { fail } from './outcome';
import type { HeaderRecord } from './types';

/** A request body: JSON to serialise, or raw text or bytes sent as they are. */
export type RequestBody = { json: unknown } | { raw: string | Uint8Array };

/** What the suite sends. */
export interface Outgoing {
  method: string;
  url: string;
  headers: HeaderRecord;
  body?: RequestBody;
  /** The Content-Type to send with a body; default `application/json`; null sends none of our own. */
  contentType?: string | null;
  /** Who the request is made as, for messages ("as u_owner", "without credentials"). */
  who: string;
}

/** An answer: status, parsed JSON (undefined when the body is not JSON), raw text and headers. */
export interface Reply {
  /** "POST /sessions as u_owner": what was asked, for messages. */
  request: string;
  status: number;
  body: unknown;
  text: string;
  headers: Headers;
}

const MAX_SHOWN = 240;

/** A short, one-line view of an answer for failure messages: the error code and message, or the body's start. */
export function describeReply(reply: Reply): string {
  const body = reply.body as { error?: { code?: unknown; message?: unknown } } | undefined;
  if (body && typeof body === 'object' && body.error && typeof body.error.code === 'string') {
    return `${reply.status} ${body.error.code}${typeof body.error.message === 'string' ? ` ("${body.error.message.slice(0, MAX_SHOWN)}")` : ''}`;
  }
  const session = (reply.body as { session?: { id?: unknown; status?: unknown; impersonator?: { id?: unknown }; target?: { id?: unknown } } } | undefined)?.session;
  if (session && typeof session === 'object' && typeof session.id === 'string') {
    return `${reply.status} (session ${session.id}, ${String(session.status)}, ${String(session.impersonator?.id)} as ${String(session.target?.id)})`;
  }
  const shown = reply.text.length > MAX_SHOWN ? `${reply.text.slice(0, MAX_SHOWN)}…` : reply.text;
  return `${reply.status} ${shown.replace(/\s+/g, ' ').trim() || '(empty body)'}`;
}

function pathOf(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.pathname}${parsed.search}`;
  } catch {
    return url;
  }
}

// What a message should say about an unusual body: its type when not JSON, its size when large.
function bodyNote(payload: string | Uint8Array | undefined, contentType: string | null): string {
  if (payload === undefined) return '';
  const notes: string[] = [];
  if (contentType === null) notes.push('no Content-Type');
  else if (!/^application\/json$/i.test(contentType)) notes.push(`Content-Type ${contentType}`);
  const bytes = typeof payload === 'string' ? new TextEncoder().encode(payload).length : payload.length;
  if (bytes > 1024) notes.push(`${bytes}-byte body`);
  return notes.length ? ` [${notes.join(', ')}]` : '';
}

/** The body bytes of a request, encoded as UTF-8 when text. */
export function encodeBody(body: RequestBody): string | Uint8Array {
  return 'json' in body ? JSON.stringify(body.json) : body.raw;
}

/** Sends one request with `fetchImpl`; a network error or a time-out fails the case with what was asked. */
export async function send(fetchImpl: typeof fetch, outgoing: Outgoing, timeoutMs: number, relativeTo: string): Promise<Reply> {
  const headers = new Headers(outgoing.headers);
  let payload: string | Uint8Array | undefined;
  if (outgoing.body !== undefined) {
    payload = encodeBody(outgoing.body);
    const type = outgoing.contentType === undefined ? 'application/json' : outgoing.contentType;
    if (type !== null) headers.set('content-type', type);
  }
  const shownPath = pathOf(outgoing.url).slice(pathOf(relativeTo).replace(/\/+$/, '').length) || '/';
  const request = `${outgoing.method} ${shownPath} ${outgoing.who}${bodyNote(payload, headers.get('content-type'))}`;
  let response: Response;
  try {
    response = await fetchImpl(outgoing.url, {
      method: outgoing.method,
      headers,
      body: payload as BodyInit | undefined,
      signal: AbortSignal.timeout(timeoutMs),
      redirect: 'manual',
    });
  } catch (error) {
    const why = error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError') ? `no answer within ${timeoutMs} ms` : `the request failed (${String(error)})`;
    fail(`${request}: ${why}`);
  }
  const text = await response.text();
  let body: unknown;
  try {
    body = text === '' ? undefined : (JSON.parse(text) as unknown);
  } catch {
    body = undefined;
  }
  return { request, status: response.status, body, text, headers: response.headers };
}
