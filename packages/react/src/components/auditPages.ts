// Reading loaded audit pages: the rows grouped by session, and the people they name for the user filter.
import type { AuditEvent, Page, UserRef } from '@impersonate-kit/sdk';

/** One row of the grouped trail: a session's header, an event, or the open body under an action. */
export type AuditItem =
  | { kind: 'session'; key: string; sessionId: string; events: readonly AuditEvent[]; hiddenReads: number }
  | { kind: 'event'; key: string; event: AuditEvent }
  | { kind: 'body'; key: string; event: AuditEvent };

/** A page view: a recorded GET or HEAD, which reads and changes nothing. */
export function isPageView(event: AuditEvent): boolean {
  const method = event.request?.method;
  return event.type === 'impersonation.action' && (method === 'GET' || method === 'HEAD');
}

/** Whether an action row has a recorded body to open. */
export function hasBody(event: AuditEvent): boolean {
  return event.request?.body !== null && event.request?.body !== undefined;
}

/**
 * The loaded events (newest first, across every loaded page) as rows: each session once, at its
 * newest event, as a header followed by its events; consent events stand alone. Page views are
 * left out (and counted on the header) unless `showReads`; `expanded` action ids get a body row.
 * A session whose events span pages keeps one group, and older pages only add rows under it.
 */
export function groupEvents(events: readonly AuditEvent[], showReads: boolean, expanded: ReadonlySet<string>): AuditItem[] {
  // Keyed by session id, or by the event itself where it has no session: one pass keeps the order.
  const groups = new Map<string | AuditEvent, AuditEvent[]>();
  for (const event of events) {
    const key = event.sessionId ?? event;
    const group = groups.get(key);
    if (group) group.push(event);
    else groups.set(key, [event]);
  }
  const items: AuditItem[] = [];
  const row = (event: AuditEvent) => {
    items.push({ kind: 'event', key: event.id, event });
    if (expanded.has(event.id) && hasBody(event)) items.push({ kind: 'body', key: `body:${event.id}`, event });
  };
  for (const [key, group] of groups) {
    if (typeof key !== 'string') {
      row(key);
      continue;
    }
    const shown = showReads ? group : group.filter((event) => !isPageView(event));
    items.push({ kind: 'session', key: `session:${key}`, sessionId: key, events: group, hiddenReads: group.length - shown.length });
    shown.forEach(row);
  }
  return items;
}

/** A time with seconds in the provider's locale, with the date when `withDate` (session headers). */
export function auditTime(iso: string, locale: string | undefined, withDate = false): string {
  return new Intl.DateTimeFormat(locale, { dateStyle: withDate ? 'medium' : undefined, timeStyle: 'medium' }).format(new Date(iso));
}

/**
 * Adds everyone `pages` name (actor, impersonator, impersonated) to `known`, sorted by name;
 * returns `known` itself when nothing is new, so a state update with it is a no-op.
 */
export function mergeUsers(known: readonly UserRef[], pages: readonly Page<AuditEvent>[], locale: string | undefined): readonly UserRef[] {
  const byId = new Map(known.map((user) => [user.id, user]));
  for (const page of pages) {
    for (const event of page.items) {
      for (const user of [event.actor, event.impersonator, event.impersonated]) {
        if (user && !byId.has(user.id)) byId.set(user.id, user);
      }
    }
  }
  if (byId.size === known.length) return known;
  const collator = new Intl.Collator(locale);
  return [...byId.values()].sort((a, b) => collator.compare(a.name, b.name) || collator.compare(a.email, b.email));
}
