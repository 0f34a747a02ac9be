// The mock backend's own shapes: the sample app's data, the persisted state, a plain request and answer.
import type { MemorySnapshot, PresetName } from '@impersonate-kit/server';
import type { Policy, UserSummary } from '@impersonate-kit/sdk';

/** The built-in policy presets, one per seed. */
export type MockPreset = PresetName;

export type { ConsentRecord, IdempotencyRecord, SessionRecord } from '@impersonate-kit/server';

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

/** The team settings the sample app accepts: known keys with typed values only. */
export interface TeamSettings {
  name: string;
  defaultRole: 'member' | 'viewer';
}

/** The sample app's data: the product's own records, kept when the policy changes. */
export interface AppData {
  projects: Project[];
  apiKeys: ApiKeyRecord[];
  billing: { plan: string; updatedBy: string | null };
  teamSettings: TeamSettings;
}

/** Everything the mock backend knows; plain JSON so it can live in localStorage. */
export interface MockState extends Omit<MemorySnapshot, 'version'> {
  version: 2;
  policy: Policy;
  /** Roles whose holders get `impersonate:users`. */
  permissionRoles: string[];
  users: UserSummary[];
  app: AppData;
  /** The built-in clock's offset, shared by tabs that share one stored backend. */
  clockOffsetMs: number;
}

/** One request to the backend, free of HTTP plumbing so tests can call it without MSW. */
export interface BackendRequest {
  method: string;
  /** The URL's pathname (or a full URL), e.g. `/api/impersonation/sessions/current`. */
  path: string;
  query?: URLSearchParams | Record<string, string | undefined>;
  headers?: Headers | Record<string, string | undefined>;
  /** A JSON body, sent as `application/json`. */
  body?: unknown;
  /** The raw body text, sent verbatim as `application/json`; wins over `body`. */
  bodyText?: string;
  /** The viewer when the request has no `Authorization` header (default: the signed-in user). */
  viewerId?: string | null;
}

/** The backend's answer: status, JSON body and headers. */
export interface BackendResponse {
  status: number;
  body: unknown;
  headers: Record<string, string>;
}
