// Types of scripts/postgres.mjs, for the TypeScript that starts a cluster (test setup, benchmark).

/** A running throwaway cluster. */
export interface ThrowawayPostgres {
  /** `postgres://postgres@127.0.0.1:<port>/postgres` */
  url: string;
  /** Stops the cluster and deletes its folder; safe to call twice. */
  stop(): void;
}

/** Where Debian puts the server binaries, or null. */
export function findPostgresBin(): string | null;

/** Starts a cluster; throws with the reason when PostgreSQL is missing or will not start. */
export function startPostgres(): Promise<ThrowawayPostgres>;
