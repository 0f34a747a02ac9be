// Which cases a run takes: by preset and by name prefix (`rules`, `audit/redaction`, a full name).
import type { ConformanceCase } from './suite';
import type { RunOptions } from './types';

/** True when `name` is `prefix` or lies under it (`rules` selects `rules/forbidden`, not `rulesets/x`). */
export function matchesPrefix(name: string, prefix: string): boolean {
  const trimmed = prefix.replace(/\/+$/, '');
  return name === trimmed || name.startsWith(`${trimmed}/`);
}

/** The cases of `all` that `options` select, in suite order. */
export function selectCases(all: readonly ConformanceCase[], options: Pick<RunOptions, 'preset' | 'only'>): ConformanceCase[] {
  const prefixes = options.only === undefined ? [] : (typeof options.only === 'string' ? [options.only] : [...options.only]).flatMap((p) => p.split(',')).map((p) => p.trim()).filter(Boolean);
  return all.filter((c) => (options.preset === undefined || c.preset === options.preset) && (prefixes.length === 0 || prefixes.some((p) => matchesPrefix(c.name, p))));
}
