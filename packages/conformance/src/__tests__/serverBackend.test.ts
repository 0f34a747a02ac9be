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
  it('passes every case, skipping none: the same count as the mock backend through MSW', async () => {
    const result = await runConformance(driver);
    const failures = result.cases.filter((c) => c.status === 'failed').map(formatCase);
    expect(failures, formatSummary(result)).toEqual([]);
    expect(result.cases.filter((c) => c.status === 'skipped').map(formatCase)).toEqual([]);

    const mock = createMockDriver();
    try {
      const reference = await runConformance(mock);
      expect({ passed: result.passed, skipped: result.skipped }).toEqual({ passed: reference.passed, skipped: reference.skipped });
    } finally {
      mock.close();
    }
  });
});
