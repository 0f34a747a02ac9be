// The machines' event maps name every event once: { LOADED: 'LOADED', ... } built from the list.

/** A map from each name to itself, typed as precisely as an `as const` literal. */
export function eventNames<K extends string>(...names: K[]): { readonly [N in K]: N } {
  return Object.fromEntries(names.map((name) => [name, name])) as { [N in K]: N };
}
