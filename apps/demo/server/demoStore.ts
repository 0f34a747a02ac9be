// Where the demo keeps sessions, consents and the audit: the memory store by default, or
// PostgreSQL when DATABASE_URL is set (the server's `/postgres` entry, loaded only then).
import type { ImpersonationStore } from '@impersonate-kit/server';
import { createMemoryStore } from '@impersonate-kit/server';

/** The store the demo runs on, and how it starts over. */
export interface DemoStoreSource {
  kind: 'memory' | 'postgres';
  /** The store to use after a preset switch or a reset: a new empty one, or the same shared database. */
  next(): ImpersonationStore;
  /** True when `next()` hands back the same store, so old sessions must be ended rather than forgotten. */
  shared: boolean;
  close(): Promise<void>;
}

/** A fresh memory store per world: one process, nothing shared. */
export function memoryStoreSource(): DemoStoreSource {
  return { kind: 'memory', shared: false, next: () => createMemoryStore(), close: async () => undefined };
}

/** One PostgreSQL store for the life of the process, migrated before first use. */
export async function postgresStoreSource(connectionString: string): Promise<DemoStoreSource> {
  // Loaded only with DATABASE_URL, so the memory-store demo never loads a database driver.
  const { createPostgresStore } = await import('@impersonate-kit/server/postgres');
  const store = createPostgresStore({ connectionString });
  await store.migrate();
  return { kind: 'postgres', shared: true, next: () => store, close: () => store.close() };
}

/** The store source `DATABASE_URL` asks for. */
export function openStoreSource(databaseUrl: string | undefined): Promise<DemoStoreSource> {
  return databaseUrl ? postgresStoreSource(databaseUrl) : Promise.resolve(memoryStoreSource());
}
