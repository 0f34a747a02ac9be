// Ids unique across resets and tabs, so a client never mistakes a new session for an old one.

/** A new id such as `imp_3f9c0a1b2d4e5f60`. */
export function newId(prefix: string): string {
  const bytes = new Uint8Array(8);
  globalThis.crypto.getRandomValues(bytes);
  return `${prefix}_${Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('')}`;
}
