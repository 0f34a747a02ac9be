// The `postgres` project's setup: DATABASE_URL when given, else a throwaway cluster started here
// and deleted afterwards. When no Postgres can start, this throws and the run fails with why:
// the Postgres tests never skip.
import type { TestProject } from 'vitest/node';
import { startPostgres } from '../../../../../scripts/postgres.mjs';

declare module 'vitest' {
  export interface ProvidedContext {
    /** A server URL whose user may CREATE DATABASE: each test file makes its own. */
    databaseUrl: string;
  }
}

export default async function setup(project: TestProject): Promise<(() => void) | undefined> {
  const given = process.env.DATABASE_URL;
  if (given) {
    project.provide('databaseUrl', given);
    return undefined;
  }
  const cluster = await startPostgres();
  project.provide('databaseUrl', cluster.url);
  return () => cluster.stop();
}
