// The whole suite over real HTTP against our server on Postgres, two instances (two pools, two
// ports) on one database: it must end exactly as it does against the mock.
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { PostgresDriver } from '../../../drivers/postgres';
import { createPostgresDriver } from '../../../drivers/postgres';
import { formatCase, formatSummary } from '../../report';
import { runConformance } from '../../runConformance';

declare module 'vitest' {
  export interface ProvidedContext {
    databaseUrl: string;
  }
}

const server = inject('databaseUrl');
const name = `ik_conformance_${Math.random().toString(16).slice(2, 10)}`;
let driver: PostgresDriver | undefined;

async function admin(statement: string): Promise<void> {
  const client = new pg.Client({ connectionString: server });
  await client.connect();
  try {
    await client.query(statement);
  } finally {
    await client.end();
  }
}

beforeAll(async () => {
  await admin(`create database "${name}"`);
  const url = new URL(server);
  url.pathname = `/${name}`;
  driver = await createPostgresDriver({ connectionString: url.toString(), instances: 2 });
}, 60_000);
afterAll(async () => {
  await driver?.close();
  await admin(`drop database if exists "${name}" with (force)`);
});

describe('the conformance suite against the server on Postgres, two instances', () => {
  it('passes every case, as the mock and the server on the memory store do, none skipped', async () => {
    const result = await runConformance(driver as PostgresDriver);
    const failures = result.cases.filter((c) => c.status === 'failed').map(formatCase);
    expect(failures, formatSummary(result)).toEqual([]);
    expect(result.skipped).toBe(0);
    expect(result.passed).toBe(result.cases.length);
  }, 600_000);
});
