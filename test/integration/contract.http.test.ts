// Every rule of contract.md over real HTTP: the mock's server core mounted on node:http through toNodeHandler.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createMockApi } from '@impersonate-kit/mock-api';
import type { MockApi } from '@impersonate-kit/mock-api';
import { toNodeHandler } from '@impersonate-kit/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ContractDriver } from './contractTable';
import { CONTRACT_TABLE, initOf, runRow } from './contractTable';

let api: MockApi;
let origin = '';
const server = createServer(toNodeHandler((request) => api.fetch(request)));

beforeAll(async () => {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

const driver: ContractDriver = {
  async reset(preset) {
    let now = Date.parse('2026-03-02T09:00:00.000Z');
    api = createMockApi({ preset, clock: { now: () => now, advance: (ms) => void (now += ms) } });
    return {
      advance: (ms) => api.clock.advance(ms),
      async call(step) {
        const response = await fetch(`${origin}${step.path}`, initOf(step));
        return { status: response.status, body: await response.json() };
      },
    };
  },
};

describe('the contract over real HTTP', () => {
  it.each(CONTRACT_TABLE.map((row) => [row.rule, row] as const))('%s', async (_rule, row) => {
    const reply = await runRow(driver, row);
    expect(reply).toMatchObject({ status: row.status, body: { error: { code: row.code } } });
  });
});
