// The mock backend's own shapes: what it stores, what a request and an answer look like.
import type { AuditEvent, Policy, Session, UserSummary } from '@impersonate-kit/sdk';

/** The built-in policy presets, one per seed. */
export type MockPreset = 'account-admin' | 'enterprise' | 'consent';

/** A stored session: the contract's shape plus the id of the session that restarted it. */
export interface SessionRecord extends Session {
  /** Set once the session was restarted: a session restarts at most once. */
  restartedBy: string | null;
}

/** A user's stored consent; `lapsed` once its time ran out (and `consent.expired` was written). */
export interface ConsentRecord {
  status: 'active' | 'revoked' | 'lapsed';
  grantedAt: string;
  expiresAt: string;
  durationHours: number;
}

/** One remembered `Idempotency-Key`, scoped to the viewer that sent it. */
export interface IdempotencyRecord {
  sessionId: string;
  at: number;
}

/** A project of the sample app. */
export interface Project {
  id: string;
  ownerId: string;
  name: string;
  createdAt: string;
}

/** An API key of the sample app; its secret is shown once and never stored. */
export interface ApiKeyRecord {
  id: string;
  ownerId: string;
  name: string;
  createdAt: string;
}

/** The sample app's data: the product's own records, kept when the policy changes. */
export interface AppData {
  projects: Project[];
  apiKeys: ApiKeyRecord[];
  billing: { plan: string; updatedBy: string | null };
  teamSettings: Record<string, unknown>;
}

/** Everything the mock backend knows; plain JSON so it can live in localStorage. */
export interface MockState {
  version: 1;
  policy: Policy;
  /** Roles whose holders get `impersonate:users`. */
  permissionRoles: string[];
  users: UserSummary[];
  /** Append-only, in start order; position is the cursor. */
  sessions: SessionRecord[];
  consents: Record<string, ConsentRecord>;
  /** Append-only, in write order; position is the cursor. */
  events: AuditEvent[];
  /** Keyed by `${viewerId} ${key}`, plus ` restart ${sessionId}` for a restart's key. */
  idempotency: Record<string, IdempotencyRecord>;
  /** Start attempts per viewer (epoch ms) in the last minute, for rate limiting. */
  starts: Record<string, number[]>;
  app: AppData;
  /** The built-in clock's offset, shared by tabs that share one stored backend. */
  clockOffsetMs: number;
}

/** Header values of a request, by lower-case name. */
export type HeaderMap = Record<string, string>;

/** One request to the backend, free of HTTP plumbing so tests and MSW share it. */
export interface BackendRequest {
  method: string;
  /** The URL's pathname, e.g. `/api/impersonation/sessions/current`. */
  path: string;
  query?: URLSearchParams | Record<string, string | undefined>;
  headers?: Headers | Record<string, string | undefined>;
  /** An already parsed JSON body. */
  body?: unknown;
  /** The raw body text; parsed here, so malformed JSON answers `validation_failed`. Wins over `body`. */
  bodyText?: string;
  /** The viewer when the request has no `Authorization: Bearer demo:<userId>` header. */
  viewerId?: string | null;
}

/** The backend's answer: status, JSON body and any extra headers. */
export interface BackendResponse {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
}
