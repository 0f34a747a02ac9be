// The README's case counts follow the suite, so a reader is never told about cases that do not exist.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { listCases } from '../runConformance';

describe('the README', () => {
  it('states how many cases each group holds', () => {
    const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
    const counts = new Map<string, number>();
    for (const { name } of listCases()) {
      const group = name.split('/')[0] as string;
      counts.set(group, (counts.get(group) ?? 0) + 1);
    }
    const line = `${listCases().length} cases: ${[...counts].map(([group, count]) => `${group} ${count}`).join(', ')}`;

    expect(readme.replace(/\s*\n\s*/g, ' ')).toContain(line);
  });
});
