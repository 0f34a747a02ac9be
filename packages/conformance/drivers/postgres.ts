// The driver for our server on Postgres with several instances: each instance is a server of its
// own (its own pg pool) on its own real HTTP port, all over one database and one injected clock
// (the test build's stand-in for NTP-synced hosts). The suite's requests go to each in turn.
import type { Server } from 'node:http';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { AppData, MockPreset } from '@impersonate-kit/mock-api';
import { AS_TARGET_HEADER, createSampleApp, DEFAULT_CAST, demoAuthenticate, demoTokenBearer, demoVerifyStepUp, PERMISSION_ROLES, seedApp, seedConsents } from '@impersonate-kit/mock-api';
import type { Policy, UserSummary } from '@impersonate-kit/sdk';
import type { ImpersonationServer } from '@impersonate-kit/server';
import { buildPolicy, createImpersonationServer, toNodeHandler } from '@impersonate-kit/server';
import type { PostgresStore } from '@impersonate-kit/server/postgres';
import { createPostgresStore, POSTGRES_TABLES } from '@impersonate-kit/server/postgres';
import { sql } from 'kysely';
import type { ConformanceDriver } from '../src/types';

/** Where and how many. */
export interface PostgresDriverOptions {
  /** A database the driver may migrate and empty on every reset. */
  connectionString: string;
  /** How many server instances (separate pools, separate ports); default 2. */
  instances?: number;
}

/** A driver over N server instances on one Postgres database. */
export interface PostgresDriver extends ConformanceDriver {
  close(): Promise<void>;
}

const DATA_TABLES = [POSTGRES_TABLES.eventUsers, POSTGRES_TABLES.events, POSTGRES_TABLES.sessions, POSTGRES_TABLES.consents, POSTGRES_TABLES.idempotency, POSTGRES_TABLES.startAttempts];

/** What every instance reads: the host's side (users, app data, policy) and the shared clock. */
interface HostState {
  policy: Policy;
  permissionRoles: readonly string[];
  users: UserSummary[];
  app: AppData;
}

function listen(server: Server): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve((server.address() as AddressInfo).port));
  });
}

/** Migrates the database, starts the instances and answers the driver; `close()` stops them. */
export async function createPostgresDriver(options: PostgresDriverOptions): Promise<PostgresDriver> {
  const count = options.instances ?? 2;
  let now = Date.parse('2026-03-02T09:00:00.000Z');
  const clock = { now: () => now };
  const fresh = (preset: MockPreset): HostState => {
    const users = structuredClone([...DEFAULT_CAST]);
    return { policy: buildPolicy(preset), permissionRoles: [...PERMISSION_ROLES[preset]], users, app: seedApp(users, now) };
  };
  let host = fresh('account-admin');

  const stores: PostgresStore[] = Array.from({ length: count }, () => createPostgresStore({ connectionString: options.connectionString, maxConnections: 5 }));
  await stores[0]?.migrate();

  // Each instance rebuilds its server on reset (a new policy); its HTTP port stays.
  const instances = stores.map((store) => {
    let server: ImpersonationServer;
    let app: (request: Request) => Promise<Response>;
    const build = () => {
      server = createImpersonationServer({
        store,
        policy: host.policy,
        users: { get: async (id) => structuredClone(host.users.find((user) => user.id === id) ?? null) },
        hasPermission: (user) => user.roles.some((role) => host.permissionRoles.includes(role)),
        authenticate: async (request) => demoAuthenticate(request, null),
        verifyStepUp: demoVerifyStepUp,
        clock,
      });
      app = createSampleApp(server, { app: () => host.app, users: () => host.users, now: clock.now }, '/api/app');
    };
    build();
    const http = createServer(toNodeHandler((request) => (new URL(request.url).pathname.startsWith('/api/app') ? app(request) : server.handle(request))));
    return { http, build, server: () => server };
  });
  const ports = await Promise.all(instances.map((instance) => listen(instance.http)));
  const urls = ports.map((port) => ({ baseUrl: `http://127.0.0.1:${port}/api/impersonation`, appUrl: `http://127.0.0.1:${port}/api/app` }));
  const first = urls[0] as { baseUrl: string; appUrl: string };

  return {
    baseUrl: first.baseUrl,
    appUrl: first.appUrl,
    instances: urls.slice(1),
    headersFor: (userId) => ({ authorization: `Bearer demo:${userId}` }),
    impersonatedHeadersFor: (_targetId, impersonatorId) => ({ authorization: `Bearer demo:${impersonatorId}`, [AS_TARGET_HEADER]: '1' }),
    apiTokenHeadersFor: (userId) => ({ authorization: demoTokenBearer(userId) }),
    async reset(preset) {
      host = fresh(preset);
      await sql.raw(`truncate ${DATA_TABLES.join(', ')}`).execute((stores[0] as PostgresStore).db);
      const consents = seedConsents(host.policy, host.users, now);
      await (stores[0] as PostgresStore).transact(async (tx) => {
        for (const [userId, consent] of Object.entries(consents)) await tx.putConsent(userId, consent);
      });
      for (const instance of instances) instance.build();
    },
    async setUserStatus(userId, status) {
      const user = host.users.find((u) => u.id === userId);
      if (!user) throw new Error(`No user "${userId}" in the cast.`);
      user.status = status;
      // The host's admin tool tells one instance; the database carries the ends to every other.
      await instances[0]?.server().userStatusChanged(userId);
    },
    advance(ms) {
      now += ms;
    },
    async close() {
      await Promise.all(instances.map((instance) => new Promise<void>((resolve) => instance.http.close(() => resolve()))));
      await Promise.all(stores.map((store) => store.close()));
    },
  };
}

/** The CLI's entry: `DATABASE_URL=… impersonate-kit-conformance --driver drivers/postgres.ts` (under tsx); INSTANCES sets how many. */
export default function driverFromEnvironment(): Promise<PostgresDriver> {
  const connectionString = process.env.DATABASE_URL;
  if (!connectionString) throw new Error('Set DATABASE_URL to a database the driver may migrate and empty (its tables start with impersonation_).');
  return createPostgresDriver({ connectionString, instances: Number(process.env.INSTANCES ?? 2) });
}
