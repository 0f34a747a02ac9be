// @impersonate-kit/server/postgres: the store for many server instances on one Postgres database.
export { createPostgresStore } from './postgresStore';
export type { PostgresStore, PostgresStoreOptions } from './postgresStore';
export { MIGRATIONS, migrationProvider } from './migrations';
export { POSTGRES_TABLES } from './schema';
export type { PostgresSchema } from './schema';
