// Idempotency keys and tab ids must not collide; crypto.randomUUID is the best source, but
// insecure origins and old runtimes lack it, where a time-plus-random string is good enough.

/** A random id: a UUID where `crypto.randomUUID` exists, else a time-plus-random string. */
export function randomId(): string {
  return globalThis.crypto?.randomUUID?.() ?? `${Date.now().toString(36)}-${Math.random().toString(36).slice(2)}${Math.random().toString(36).slice(2)}`;
}
