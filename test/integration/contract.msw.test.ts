// The same table as contract.http.test.ts, through the mock's MSW handlers.
import { createMockApi } from '@impersonate-kit/mock-api';
import { setupServer } from 'msw/node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ContractDriver } from './contractTable';
import { CONTRACT_TABLE, initOf, runRow } from './contractTable';

const msw = setupServer();
beforeAll(() => msw.listen({ onUnhandledRequest: 'error' }));
afterAll(() => msw.close());

const driver: ContractDriver = {
  async reset(preset) {
    let now = Date.parse('2026-03-02T09:00:00.000Z');
    const api = createMockApi({ preset, clock: { now: () => now, advance: (ms) => void (now += ms) } });
    msw.resetHandlers(...api.handlers);
    return {
      advance: (ms) => api.clock.advance(ms),
      async call(step) {
        const response = await fetch(`http://localhost${step.path}`, initOf(step));
        return { status: response.status, body: await response.json() };
      },
    };
  },
};

describe('the contract through MSW', () => {
  it.each(CONTRACT_TABLE.map((row) => [row.rule, row] as const))('%s', async (_rule, row) => {
    const reply = await runRow(driver, row);
    expect(reply).toMatchObject({ status: row.status, body: { error: { code: row.code } } });
  });
});
