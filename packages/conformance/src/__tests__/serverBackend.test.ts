// The suite against @impersonate-kit/server on the memory store over real HTTP (node:http): it
// passes every case, and every case the mock backend passes through MSW passes here too.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMockDriver } from '../../drivers/mock';
import type { ServerDriver } from '../../drivers/server';
import { createServerDriver } from '../../drivers/server';
import { formatCase, formatSummary } from '../report';
import { runConformance } from '../runConformance';

let driver: ServerDriver;
beforeAll(async () => {
  driver = await createServerDriver();
});
afterAll(() => driver.close());

describe('the conformance suite against the server with the memory store over HTTP', () => {
  it('passes every case, skipping none, and the same cases as the mock backend', async () => {
    const result = await runConformance(driver);
    const failures = result.cases.filter((c) => c.status === 'failed').map(formatCase);
    expect(failures, formatSummary(result)).toEqual([]);
    expect(result.cases.filter((c) => c.status === 'skipped').map(formatCase)).toEqual([]);

    const mock = createMockDriver();
    try {
      const reference = await runConformance(mock);
      expect(result.cases.length).toBe(reference.cases.length);
      const key = (c: { preset: string; name: string }) => `${c.preset} ${c.name}`;
      const passedHere = new Set(result.cases.filter((c) => c.status === 'passed').map(key));
      expect(reference.cases.filter((c) => c.status === 'passed' && !passedHere.has(key(c))).map(key)).toEqual([]);
      expect(result.passed).toBe(reference.passed + reference.skipped);
    } finally {
      mock.close();
    }
  });
});
