// Copies of stored records. Records are plain JSON (strings, numbers, booleans, null, arrays and
// plain objects), which a recursive copy handles several times faster than structuredClone.

/** A deep copy of `value`: arrays and plain objects copied member by member, anything else through structuredClone. */
export function deepCopy<T>(value: T): T {
  if (typeof value !== 'object' || value === null) return value;
  if (Array.isArray(value)) return value.map(deepCopy) as T;
  const proto = Object.getPrototypeOf(value) as unknown;
  // Dates, Maps and class instances keep their exact structured-clone semantics.
  if (proto !== Object.prototype && proto !== null) return structuredClone(value);
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(value)) {
    const member = deepCopy((value as Record<string, unknown>)[key]);
    // An own "__proto__" key (JSON.parse makes one) stays a key; assigning it would swap the prototype.
    if (key === '__proto__') Object.defineProperty(out, key, { value: member, enumerable: true, writable: true, configurable: true });
    else out[key] = member;
  }
  return out as T;
}
