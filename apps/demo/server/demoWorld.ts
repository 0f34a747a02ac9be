// The demo's whole backend state: the account's users and data (the host's), the server clock, the
// policy preset, and the impersonation server over its store. A preset switch or a reset builds a
// new world; requests read the current one when they arrive.
import type { ImpersonationServer, ImpersonationStore, PresetName } from '@impersonate-kit/server';
import { buildPolicy, createImpersonationServer } from '@impersonate-kit/server';
import type { AppData, OffsetClock } from '@impersonate-kit/mock-api';
import { createMockClock, createSampleApp, DEFAULT_CAST, demoVerifyStepUp, PERMISSION_ROLES, seedApp, seedConsents } from '@impersonate-kit/mock-api';
import type { UserSummary } from '@impersonate-kit/sdk';
import type { DemoStoreSource } from './demoStore';
import type { DemoTokens } from './demoAuth';
import { Inboxes, notificationHooks } from './notifications';

/** Where the host app's own API is mounted. */
export const APP_BASE_PATH = '/api/app';

/** The demo's backend: read `server` and `app` per request; the demo API turns the knobs. */
export interface DemoWorld {
  readonly preset: PresetName;
  readonly server: ImpersonationServer;
  /** The host app's API (users, projects, API keys, password, billing, team settings) behind protect(). */
  readonly app: (request: Request) => Promise<Response>;
  readonly clock: OffsetClock;
  readonly inboxes: Inboxes;
  /** The account's users (the host's directory). */
  users(): readonly UserSummary[];
  /** Whether `user` holds `impersonate:users` under the preset in force. */
  mayImpersonate(user: UserSummary): boolean;
  /** Switches the policy: sessions, consents and the audit start over (on a shared database, running sessions are ended). */
  setPreset(preset: PresetName): Promise<void>;
  /** Everything back to the start: users, their data, real time, empty inboxes, and `preset`. */
  reset(preset?: PresetName): Promise<void>;
}

/** Builds the demo's world over `stores`, authenticating with `tokens`. */
export async function createDemoWorld(options: { stores: DemoStoreSource; tokens: DemoTokens; preset?: PresetName; logger?: { error(message: string, error: unknown): void } }): Promise<DemoWorld> {
  const { stores, tokens } = options;
  const clock = createMockClock();
  const inboxes = new Inboxes();
  let users: UserSummary[] = structuredClone([...DEFAULT_CAST]);
  let data: AppData = seedApp(users, clock.now());
  let preset: PresetName = options.preset ?? 'account-admin';
  let store: ImpersonationStore | null = null;
  let server!: ImpersonationServer;
  let app!: (request: Request) => Promise<Response>;

  const mayImpersonate = (user: UserSummary) => user.roles.some((role) => PERMISSION_ROLES[preset].includes(role));
  const hooks = notificationHooks({ inboxes, users: () => users, mayImpersonate });

  async function build(next: PresetName): Promise<void> {
    // On a shared database nothing is forgotten, so no session may outlive the policy it started under.
    if (store && stores.shared) for (const user of users) await server.signOut(user.id);
    preset = next;
    store = stores.next();
    const policy = buildPolicy(preset);
    server = createImpersonationServer({
      store,
      policy,
      users: { get: async (id) => structuredClone(users.find((user) => user.id === id) ?? null) },
      hasPermission: mayImpersonate,
      authenticate: tokens.authenticate,
      verifyStepUp: demoVerifyStepUp,
      clock,
      hooks,
      ...(options.logger ? { logger: options.logger } : {}),
    });
    app = createSampleApp(server, { app: () => data, users: () => users, now: () => clock.now() }, APP_BASE_PATH);
    const consents = seedConsents(policy, users, clock.now());
    await store.transact(async (tx) => {
      for (const [userId, consent] of Object.entries(consents)) await tx.putConsent(userId, consent);
    });
  }

  await build(preset);

  return {
    get preset() {
      return preset;
    },
    get server() {
      return server;
    },
    get app() {
      return app;
    },
    clock,
    inboxes,
    users: () => users,
    mayImpersonate,
    setPreset: (next) => build(next),
    async reset(next = 'account-admin') {
      clock.setOffset(0);
      inboxes.clear();
      users = structuredClone([...DEFAULT_CAST]);
      data = seedApp(users, clock.now());
      await build(next);
    },
  };
}
