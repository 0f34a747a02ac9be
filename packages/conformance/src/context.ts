// What a case works with: requests as a user of the cast, the common steps (start, end, read
// the audit) with their checks, and the server's clock as the answers report it.
import type { AuditEvent, Session } from '@impersonate-kit/sdk';
import { expectOk, isRecord } from './expect';
import type { Reply, RequestBody } from './http';
import { send } from './http';
import { CaseSkip, check, fail } from './outcome';
import { auditEvent, expectShape, page, sessionAnswer } from './shapes';
import type { ConformanceDriver, HeaderRecord, Preset } from './types';

/** The second factor every backend under test accepts for the default cast (api.md). */
export const STEP_UP_CODE = '123456';
/** A reason every preset accepts: 10..500 characters, no category. */
export const REASON = 'Conformance check: reproduce ticket #4521';
/** The longest run of pages a case walks before it calls the list endless. */
const MAX_PAGES = 500;

/** Who a request is made as: a user of the cast, nobody, or explicit headers. */
export type As = string | null | { who: string; headers: HeaderRecord };

/** Options of one request. */
export interface CallOptions {
  /** A JSON body (serialised here). */
  json?: unknown;
  /** A body sent as it is. */
  raw?: string | Uint8Array;
  /** Content-Type of the body; default `application/json`; null sends none of ours. */
  contentType?: string | null;
  /** More headers, laid over the credential's. */
  headers?: HeaderRecord;
}

/** The helpers every case receives. */
export interface CaseContext {
  readonly preset: Preset;
  readonly driver: ConformanceDriver;
  /** A request to the contract, relative to `baseUrl` (`/sessions?role=impersonator`). */
  api(method: string, path: string, as: As, options?: CallOptions): Promise<Reply>;
  /** A request to the host app, relative to `appUrl`. */
  app(method: string, path: string, as: As, options?: CallOptions): Promise<Reply>;
  /** A start body this preset accepts for `targetUserId`, with `extra` laid over (undefined drops a field). */
  startBody(targetUserId: string, extra?: Record<string, unknown>): Record<string, unknown>;
  /** POST /sessions that must answer 201 `{ session, serverTime }`. */
  start(as: string, targetUserId: string, extra?: Record<string, unknown>, headers?: HeaderRecord): Promise<Session>;
  /** DELETE /sessions/current that must answer 200 with the ended session. */
  end(as: string): Promise<Session>;
  /** GET /sessions/{id} that must answer 200. */
  session(as: string, id: string): Promise<Session>;
  /** Every event of one session, all pages, newest first. */
  events(as: string, sessionId: string): Promise<AuditEvent[]>;
  /** Every item of a list endpoint, walking `nextCursor` to the end. */
  listAll<T>(path: string, as: As, item: (value: unknown, path: string) => string | null): Promise<T[]>;
  /** Moves the server's clock forward (time cases only). */
  advance(ms: number): Promise<void>;
  /** Moves the server's clock so it reads at least `instant` (ISO), from the last `serverTime` seen. */
  advanceTo(instant: string): Promise<void>;
  /** The last `serverTime` an answer carried, epoch ms. */
  serverNow(): number;
  /** The credential of `impersonatorId` acting as `targetId` (needs `impersonatedHeadersFor`). */
  impersonated(targetId: string, impersonatorId: string): Promise<As>;
  /** An API token of `userId` (needs `apiTokenHeadersFor`). */
  apiToken(userId: string): Promise<As>;
}

function join(base: string, path: string): string {
  return `${base.replace(/\/+$/, '')}${path}`;
}

/** The helpers of one case against `driver`, reset to `preset`. */
export function createContext(driver: ConformanceDriver, preset: Preset, timeoutMs: number): CaseContext {
  const fetchImpl = driver.fetch ?? globalThis.fetch;
  let lastServerTime = Number.NaN;
  // Every instance in turn, so a session started on one is read, changed and ended on the others.
  const instances = [{ baseUrl: driver.baseUrl, appUrl: driver.appUrl }, ...(driver.instances ?? [])];
  let turn = 0;
  const nextInstance = () => {
    const index = turn++ % instances.length;
    return { index, instance: instances[index] as { baseUrl: string; appUrl?: string } };
  };

  async function credential(as: As): Promise<{ who: string; headers: HeaderRecord }> {
    if (as === null) return { who: 'without credentials', headers: {} };
    if (typeof as === 'object') return as;
    let headers: HeaderRecord;
    try {
      headers = await driver.headersFor(as);
    } catch (error) {
      // A driver that cannot sign in a user of the cast is broken: failing says so, skipping would hide it.
      fail(`driver.headersFor("${as}") threw: ${String(error)}`);
    }
    return { who: `as ${as}`, headers };
  }

  async function call(kind: 'api' | 'app', method: string, path: string, as: As, options: CallOptions = {}): Promise<Reply> {
    const { index, instance } = nextInstance();
    const base = kind === 'api' ? instance.baseUrl : (instance.appUrl ?? driver.appUrl);
    if (base === undefined) throw new CaseSkip('needs driver.appUrl');
    const { who: user, headers } = await credential(as);
    const who = instances.length > 1 ? `${user} on instance ${index + 1}` : user;
    let body: RequestBody | undefined;
    if (options.raw !== undefined) body = { raw: options.raw };
    else if (options.json !== undefined) body = { json: options.json };
    const reply = await send(fetchImpl, { method, url: join(base, path), headers: { ...headers, ...options.headers }, body, contentType: options.contentType, who }, timeoutMs, base);
    const serverTime = isRecord(reply.body) ? reply.body.serverTime : undefined;
    if (typeof serverTime === 'string' && !Number.isNaN(Date.parse(serverTime))) lastServerTime = Date.parse(serverTime);
    return reply;
  }

  const ctx: CaseContext = {
    preset,
    driver,
    api: (method, path, as, options) => call('api', method, path, as, options),
    app(method, path, as, options) {
      if (!driver.appUrl) throw new CaseSkip('needs driver.appUrl');
      return call('app', method, path, as, options);
    },
    startBody(targetUserId, extra = {}) {
      return { targetUserId, reason: REASON, ...(preset === 'enterprise' ? { stepUpCode: STEP_UP_CODE } : {}), ...extra };
    },
    async start(as, targetUserId, extra, headers) {
      const reply = await ctx.api('POST', '/sessions', as, { json: ctx.startBody(targetUserId, extra), headers });
      const body = expectOk(reply, 201);
      const { session } = expectShape<{ session: Session }>(reply.request, body, sessionAnswer);
      check(session.status === 'active', `${reply.request}: saw session.status ${session.status} vs expected active`);
      return session;
    },
    async end(as) {
      const reply = await ctx.api('DELETE', '/sessions/current', as);
      const { session } = expectShape<{ session: Session }>(reply.request, expectOk(reply), sessionAnswer);
      check(session.status === 'ended' && session.endReason === 'ended', `${reply.request}: saw session ${session.status}/${session.endReason} vs expected ended/ended`);
      return session;
    },
    async session(as, id) {
      const reply = await ctx.api('GET', `/sessions/${encodeURIComponent(id)}`, as);
      return expectShape<{ session: Session }>(reply.request, expectOk(reply), sessionAnswer).session;
    },
    events: (as, sessionId) => ctx.listAll<AuditEvent>(`/sessions/${encodeURIComponent(sessionId)}/events`, as, auditEvent),
    async listAll<T>(path: string, as: As, item: (value: unknown, path: string) => string | null) {
      const items: T[] = [];
      let cursor: string | null = null;
      for (let pageNo = 0; pageNo < MAX_PAGES; pageNo++) {
        const separator = path.includes('?') ? '&' : '?';
        const reply = await ctx.api('GET', cursor === null ? path : `${path}${separator}cursor=${encodeURIComponent(cursor)}`, as);
        const body = expectShape<{ items: T[]; nextCursor: string | null }>(reply.request, expectOk(reply), page(item));
        items.push(...body.items);
        if (body.nextCursor === null) return items;
        check(body.items.length > 0, `${reply.request}: saw an empty page with a nextCursor vs expected items or nextCursor null`);
        cursor = body.nextCursor;
      }
      return fail(`GET ${path}: still paging after ${MAX_PAGES} pages`);
    },
    async advance(ms) {
      if (!driver.advance) throw new CaseSkip('needs driver.advance (a time case: skipped, never passed)');
      await driver.advance(ms);
      if (!Number.isNaN(lastServerTime)) lastServerTime += ms;
    },
    async advanceTo(instant) {
      check(!Number.isNaN(lastServerTime), 'advanceTo: no answer has carried serverTime yet');
      const by = Date.parse(instant) - lastServerTime;
      if (by > 0) await ctx.advance(by);
    },
    serverNow() {
      check(!Number.isNaN(lastServerTime), 'no answer has carried serverTime yet');
      return lastServerTime;
    },
    async impersonated(targetId, impersonatorId) {
      if (!driver.impersonatedHeadersFor) throw new CaseSkip('needs driver.impersonatedHeadersFor');
      return { who: `as ${targetId} impersonated by ${impersonatorId}`, headers: await driver.impersonatedHeadersFor(targetId, impersonatorId) };
    },
    async apiToken(userId) {
      if (!driver.apiTokenHeadersFor) throw new CaseSkip('needs driver.apiTokenHeadersFor');
      return { who: `with an API token of ${userId}`, headers: await driver.apiTokenHeadersFor(userId) };
    },
  };
  return ctx;
}
