// Reading loaded audit pages: the rows as one list, and the people they name for the user filter.
import type { AuditEvent, Page, UserRef } from '@impersonate-kit/sdk';

/** The user an event is about on the impersonated side: the target, or for consent events the consenting user. */
export function impersonatedOf(event: AuditEvent): UserRef | null {
  if (event.impersonated) return event.impersonated;
  return event.type.startsWith('consent.') ? event.actor : null;
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
