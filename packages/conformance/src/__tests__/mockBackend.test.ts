// The suite against the mock backend, through MSW: every case that can run must pass.
import { afterAll, describe, expect, it } from 'vitest';
import { createMockDriver } from '../../drivers/mock';
import { formatCase, formatSummary } from '../report';
import { runConformance } from '../runConformance';

const driver = createMockDriver();
afterAll(() => driver.close());

describe('the conformance suite against the mock backend', () => {
  it('passes every case the mock driver can run', async () => {
    const result = await runConformance(driver);
    const failures = result.cases.filter((c) => c.status === 'failed').map(formatCase);
    expect(failures, formatSummary(result)).toEqual([]);
    // The mock driver gives every optional part, so nothing is skipped (the same count as the server's drivers).
    expect(result.cases.filter((c) => c.status === 'skipped').map((c) => c.name)).toEqual([]);
  });
});
