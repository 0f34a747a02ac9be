// The host app's own API (the sample app behind /api/app): what a product's data layer looks like.
import { isErrorCode } from '@impersonate-kit/sdk';
import type { UserSummary } from '@impersonate-kit/sdk';
import { authHeaders } from './auth';

/** A project of the effective user. */
export interface Project {
  id: string;
  name: string;
  createdAt: string;
}

/** What `GET /api/app/me` says: who the app acts as, and who is really there. */
export interface Me {
  user: UserSummary;
  impersonator: { id: string; name: string; email: string } | null;
  sessionId: string | null;
}

/** A refusal from the app's API, with the contract's error code. */
export class AppApiError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly status: number,
  ) {
    super(message);
    this.name = 'AppApiError';
  }
}

async function call<T>(method: string, path: string, body?: unknown): Promise<T> {
  const response = await fetch(`/api/app${path}`, {
    method,
    headers: { ...authHeaders(), Accept: 'application/json', ...(body === undefined ? {} : { 'Content-Type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const data: unknown = await response.json().catch(() => null);
  if (!response.ok) {
    const error = (data as { error?: { code?: unknown; message?: unknown } } | null)?.error;
    const code = isErrorCode(error?.code) ? error.code : 'internal_error';
    throw new AppApiError(code, typeof error?.message === 'string' ? error.message : `Request failed (${response.status}).`, response.status);
  }
  return data as T;
}

/** The app's API calls. */
export const appApi = {
  me: () => call<Me>('GET', '/me'),
  users: () => call<{ items: UserSummary[] }>('GET', '/users').then((page) => page.items),
  projects: () => call<{ items: Project[] }>('GET', '/projects').then((page) => page.items),
  createProject: (name: string) => call<{ project: Project }>('POST', '/projects', { name }),
  createApiKey: (name: string) => call<unknown>('POST', '/api-keys', { name }),
  changePassword: (currentPassword: string, newPassword: string) =>
    call<unknown>('PUT', '/account/password', { currentPassword, newPassword }),
  updateBilling: (plan: string) => call<unknown>('PUT', '/billing', { plan }),
  updateTeamSettings: (settings: Record<string, unknown>) => call<unknown>('PUT', '/team/settings', settings),
};
