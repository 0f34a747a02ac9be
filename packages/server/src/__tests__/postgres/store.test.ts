import { afterAll, beforeAll } from 'vitest';
import { describeImpersonationStore } from '../../testing';
import type { PostgresStore } from '../../postgres';
import type { TestDatabase } from './database';
import { createTestDatabase } from './database';

let database: TestDatabase;
let store: PostgresStore;

beforeAll(async () => {
  database = await createTestDatabase('store');
  store = database.store();
});
afterAll(() => database?.drop());

// One pool for the file; every case starts from empty tables.
describeImpersonationStore('postgres', async () => {
  await database.truncate();
  return store;
});
