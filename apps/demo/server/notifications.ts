// The demo's in-app notifications, fed by the impersonation server's hooks: the target hears
// when a session on them starts and ends; the admins who may impersonate a user hear when that
// user grants consent. In memory: one process, one inbox per user (a product would use its own).
import { randomUUID } from 'node:crypto';
import type { ServerHooks } from '@impersonate-kit/server';
import type { EndReason, UserRef, UserSummary } from '@impersonate-kit/sdk';

/** One notification, as the SPA renders it (the words are the SPA's). */
export type DemoNotification = {
  id: string;
  /** Server time of the change, ISO-8601. */
  at: string;
  read: boolean;
} & (
  | { type: 'session_started'; sessionId: string; impersonator: UserRef; reason: string | null; reasonCategory: string | null }
  | { type: 'session_ended'; sessionId: string; impersonator: UserRef; reason: string | null; endReason: EndReason }
  | { type: 'consent_granted'; user: UserRef; expiresAt: string | null }
);

type NewNotification = DistributiveOmit<DemoNotification, 'id' | 'read'>;
type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

/** The most notifications an inbox keeps; older ones fall off. */
export const MAX_NOTIFICATIONS = 100;

/** Every user's inbox. */
export class Inboxes {
  private readonly byUser = new Map<string, DemoNotification[]>();

  /** Adds a notification to `userId`'s inbox, newest first. */
  push(userId: string, notification: NewNotification): void {
    const list = this.byUser.get(userId) ?? [];
    list.unshift({ ...notification, id: `ntf_${randomUUID().replaceAll('-', '')}`, read: false } as DemoNotification);
    list.length = Math.min(list.length, MAX_NOTIFICATIONS);
    this.byUser.set(userId, list);
  }

  /** A copy of `userId`'s notifications, newest first. */
  list(userId: string): DemoNotification[] {
    return structuredClone(this.byUser.get(userId) ?? []);
  }

  /** Marks all of `userId`'s notifications read. */
  markAllRead(userId: string): void {
    for (const notification of this.byUser.get(userId) ?? []) notification.read = true;
  }

  /** Empties every inbox. */
  clear(): void {
    this.byUser.clear();
  }
}

/** What the hooks need to know about the demo's users. */
export interface NotifyDeps {
  inboxes: Inboxes;
  /** Every user of the account. */
  users(): readonly UserSummary[];
  /** Whether `user` holds `impersonate:users` under the policy in force. */
  mayImpersonate(user: UserSummary): boolean;
}

/** The server hooks that fill the inboxes. */
export function notificationHooks(deps: NotifyDeps): ServerHooks {
  return {
    onSessionStarted({ session, event }) {
      deps.inboxes.push(session.target.id, {
        type: 'session_started',
        at: event.at,
        sessionId: session.id,
        impersonator: session.impersonator,
        reason: session.reason,
        reasonCategory: session.reasonCategory,
      });
    },
    onSessionEnded({ session, event }) {
      deps.inboxes.push(session.target.id, {
        type: 'session_ended',
        at: event.at,
        sessionId: session.id,
        impersonator: session.impersonator,
        reason: session.reason,
        endReason: session.endReason ?? 'ended',
      });
    },
    onConsentChanged({ userId, consent, event }) {
      if (event.type !== 'consent.granted') return;
      const user = deps.users().find((u) => u.id === userId);
      if (!user) return;
      const ref: UserRef = { id: user.id, name: user.name, email: user.email };
      // Seed 003: "Administrator is notified consent is available" — each admin who may now act as them.
      for (const admin of deps.users()) {
        if (admin.id === userId || admin.status !== 'active' || !deps.mayImpersonate(admin)) continue;
        deps.inboxes.push(admin.id, { type: 'consent_granted', at: event.at, user: ref, expiresAt: consent.expiresAt });
      }
    },
  };
}
