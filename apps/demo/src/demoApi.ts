// Demo only: the demo server's controls (`/demo-api`, not part of the impersonation contract).
import type { EndReason, UserRef, UserSummary } from '@impersonate-kit/sdk';
import { authHeaders } from './auth';

/** The preset names the demo server offers. */
export type DemoPreset = 'account-admin' | 'enterprise' | 'consent';

/** The demo server's knobs as they stand. */
export interface DemoState {
  preset: DemoPreset;
  presets: DemoPreset[];
  serverTime: string;
  /** The second-factor code the demo accepts. */
  stepUpCode: string;
}

/** One in-app notification of the signed-in user. */
export type DemoNotification = { id: string; at: string; read: boolean } & (
  | { type: 'session_started'; sessionId: string; impersonator: UserRef; reason: string | null; reasonCategory: string | null }
  | { type: 'session_ended'; sessionId: string; impersonator: UserRef; reason: string | null; endReason: EndReason }
  | { type: 'consent_granted'; user: UserRef; expiresAt: string | null }
);

async function call<T>(method: string, path: string, body?: unknown): Promise<T> {
  const response = await fetch(`/demo-api${path}`, {
    method,
    headers: { ...authHeaders(), Accept: 'application/json', ...(body === undefined ? {} : { 'Content-Type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!response.ok) throw new Error(`The demo server refused ${method} ${path} (${response.status}).`);
  return (await response.json()) as T;
}

/** The demo server's controls. */
export const demoApi = {
  cast: () => call<{ items: UserSummary[] }>('GET', '/cast').then((page) => page.items),
  state: () => call<DemoState>('GET', '/state'),
  setPreset: (preset: DemoPreset) => call<DemoState>('PUT', '/preset', { preset }),
  fastForward: (ms: number) => call<DemoState>('POST', '/clock/advance', { ms }),
  reset: () => call<DemoState>('POST', '/reset', {}),
  notifications: () => call<{ items: DemoNotification[]; unread: number }>('GET', '/notifications'),
  markNotificationsRead: () => call<{ unread: number }>('POST', '/notifications/read'),
};
