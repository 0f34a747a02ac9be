// One request as the routes see it: the state, the server time, the caller and the parsed input.
import type { Policy, UserSummary } from '@impersonate-kit/sdk';
import type { Db } from './db';
import { fail } from './httpError';
import type { HeaderMap } from './types';

/** What every route receives. */
export interface RequestContext {
  db: Db;
  /** Server time of this request, epoch ms; the only clock that decides expiry. */
  now: number;
  method: string;
  /** The path with its query string, as recorded in the audit. */
  fullPath: string;
  params: Record<string, string>;
  query: URLSearchParams;
  headers: HeaderMap;
  /** Who the request says it comes from, before checking that user exists and is active. */
  viewerId: string | null;
  body: { ok: true; value: unknown } | { ok: false };
}

/** The policy in force. */
export function policyOf(ctx: RequestContext): Policy {
  return ctx.db.state.policy;
}

/** The calling user; answers 401 `unauthenticated` when nobody (or a suspended or deleted user) calls. */
export function requireViewer(ctx: RequestContext): UserSummary {
  const user = ctx.viewerId === null ? undefined : ctx.db.user(ctx.viewerId);
  if (!user || user.status !== 'active') fail('unauthenticated');
  return user;
}

/** The JSON body as an object; malformed JSON or any other shape answers 422 `validation_failed`. */
export function requireObjectBody(ctx: RequestContext): Record<string, unknown> {
  if (!ctx.body.ok) fail('validation_failed', 'The body is not valid JSON.');
  const value = ctx.body.value;
  if (value === undefined) return {};
  if (typeof value !== 'object' || value === null || Array.isArray(value)) fail('validation_failed', 'The body must be a JSON object.');
  return value as Record<string, unknown>;
}

/** A body field that must be a string when present (null counts as absent). */
export function optionalString(body: Record<string, unknown>, field: string): string | undefined {
  const value = body[field];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') fail('validation_failed', `"${field}" must be a string.`, { field });
  return value;
}

