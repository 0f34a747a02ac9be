/**
 * Story data comes from one place: the REAL mock backend (`createMockApi`), served through MSW.
 * Never hand-made fake data.
 *
 * Exports: `withMockApi(options)` (spread into a story or meta), `mockBackend(options)` (the typed
 * value of `parameters.impersonation`, to sit beside other parameters such as `msw`),
 * `getImpersonation(context)` (the backend and clients, in play functions and render functions),
 * and the types `ImpersonationParameters`, `SetupTools`, `StoryImpersonation`. preview.tsx
 * installs `impersonationBeforeEach` and `withImpersonation` for every story.
 *
 *   // eslint-disable-next-line no-restricted-imports -- stories take their data from the Storybook helpers
 *   import { getImpersonation, mockBackend, withMockApi } from '../../../../.storybook/mockStory';
 *
 *   export const Active: Story = {
 *     ...withMockApi({
 *       preset: 'consent',              // 'account-admin' (default) | 'enterprise' | 'consent'
 *       viewer: 'u_owner',              // the story's signed-in user (default u_owner)
 *       setup: async ({ api, as }) => { // runs over real HTTP before the story renders
 *         await as('u_bob').consent.grant({ durationHours: 24 });
 *         await as('u_owner').session.start({ targetUserId: 'u_bob', reason: 'Ticket #4521' });
 *         api.clock.advance(26 * 60_000); // server time travel
 *       },
 *       client: { pollIntervalMs: 1000 }, // more createImpersonationClient options
 *     }),
 *     play: async (context) => {
 *       const { api, client, as } = getImpersonation(context);
 *     },
 *   };
 *   // With MSW overrides (they win over the backend's handlers, e.g. a failing End session):
 *   parameters: { impersonation: mockBackend({ viewer: 'u_owner' }), msw: { handlers: [...] } }
 *
 * Meta and story parameters merge: a meta can set `{ preset }` and each story its `setup`.
 * Before each story: a fresh backend, its handlers in MSW's worker, the viewer signed in, `setup`
 * run, then a fresh sdk client (`crossTab: false`, Authorization `Bearer demo:<viewer>`); the story
 * renders inside `<ImpersonationProvider client={client}>` (a fresh QueryClient per story). Leaving
 * the story destroys every client. One story per canvas: MSW's worker is global, so a docs page
 * that renders several stories serves them all from the last one's backend.
 */
import type { Decorator } from '@storybook/react-vite';
import type { AnyHandler } from 'msw';
import type { SetupWorker } from 'msw/browser';
import { createMockApi } from '../packages/mock-api/src';
import type { MockApi, MockApiOptions, MockPreset } from '../packages/mock-api/src';
import { ImpersonationProvider } from '../packages/react/src/ImpersonationProvider';
import type { ImpersonationProviderProps } from '../packages/react/src/ImpersonationProvider';
import { createImpersonationClient } from '../packages/sdk/src';
import type { ImpersonationClient, ImpersonationClientOptions } from '../packages/sdk/src';

/** What `setup` receives: the backend, and a client signed in as any user of the cast. */
export interface SetupTools {
  /** The story's mock backend (`api.clock.advance(ms)`, `api.setUserStatus(...)`, `api.getState()`). */
  api: MockApi;
  /** An sdk client acting as `userId` (Authorization: Bearer demo:<userId>); one per user, destroyed with the story. */
  as(userId: string): ImpersonationClient;
}

/** `parameters.impersonation`: how to build the story's backend and client. */
export interface ImpersonationParameters {
  /** The policy preset; default `account-admin`. */
  preset?: MockPreset;
  /** The story's signed-in user; default `u_owner`. */
  viewer?: string;
  /** Steps run over real HTTP after the backend starts and before the story's client exists. */
  setup?: (tools: SetupTools) => Promise<void> | void;
  /** More `createMockApi` options (policy overrides, users, clock). */
  mock?: Omit<MockApiOptions, 'preset' | 'viewerId' | 'persist'>;
  /** More `createImpersonationClient` options (e.g. a short `pollIntervalMs`). */
  client?: Omit<ImpersonationClientOptions, 'crossTab' | 'headers'>;
  /** Provider props besides the client (messages, locale). */
  provider?: Pick<ImpersonationProviderProps, 'messages' | 'locale'>;
  /** False renders the story without the provider (the backend and client still exist). */
  wrap?: boolean;
}

/** What a story and its play function get in `context.loaded.impersonation`. */
export interface StoryImpersonation extends SetupTools {
  /** The client the story renders with, signed in as the viewer. */
  client: ImpersonationClient;
  /** The story's viewer id. */
  viewer: string;
}

/** The smallest context shape the helpers read; Storybook's story context satisfies it. */
interface HelperContext {
  parameters: Record<string, unknown>;
  loaded: Record<string, unknown>;
  msw?: SetupWorker;
}

/** `{ parameters: { impersonation } }` to spread into a story or meta, typed. */
export function withMockApi(options: ImpersonationParameters = {}): { parameters: { impersonation: ImpersonationParameters } } {
  return { parameters: { impersonation: options } };
}

/** The typed value of `parameters.impersonation`, for stories that set other parameters too. */
export function mockBackend(options: ImpersonationParameters = {}): ImpersonationParameters {
  return options;
}

/** The story's backend and clients; throws when the story did not ask for them. */
export function getImpersonation(context: { loaded: Record<string, unknown> }): StoryImpersonation {
  const value = context.loaded.impersonation as StoryImpersonation | undefined;
  if (!value) throw new Error('This story has no mock backend: set parameters.impersonation (or spread withMockApi()).');
  return value;
}

/** The same list msw-storybook-addon builds from `parameters.msw`. */
function storyHandlers(parameter: unknown): AnyHandler[] {
  if (!parameter) return [];
  if (Array.isArray(parameter)) return parameter as AnyHandler[];
  const handlers = (parameter as { handlers?: AnyHandler[] | Record<string, AnyHandler | AnyHandler[]> }).handlers;
  if (!handlers) return [];
  return (Array.isArray(handlers) ? handlers : Object.values(handlers)).flat().filter(Boolean);
}

/** Authorization for one cast member, as the mock backend reads it. */
function bearer(userId: string): Record<string, string> {
  return { Authorization: `Bearer demo:${userId}` };
}

/**
 * Project-level beforeEach: builds the backend and clients for stories with
 * `parameters.impersonation`; its cleanup destroys the clients. Runs after mswLoader.
 */
export async function impersonationBeforeEach(context: HelperContext): Promise<(() => void) | undefined> {
  const options = context.parameters.impersonation as ImpersonationParameters | undefined;
  if (!options) return undefined;
  const worker = context.msw;
  if (!worker) throw new Error('parameters.impersonation needs msw-storybook-addon: add mswLoader() to the preview loaders.');

  const viewer = options.viewer ?? 'u_owner';
  const api = createMockApi({ ...options.mock, preset: options.preset ?? 'account-admin', viewerId: viewer });
  // MSW tries the newest handlers first: the story's own overrides go on last so they win.
  worker.use(...api.handlers);
  const overrides = storyHandlers(context.parameters.msw);
  if (overrides.length > 0) worker.use(...overrides);

  const clients = new Map<string, ImpersonationClient>();
  const as = (userId: string): ImpersonationClient => {
    let client = clients.get(userId);
    if (!client) {
      client = createImpersonationClient({ crossTab: false, headers: bearer(userId) });
      clients.set(userId, client);
    }
    return client;
  };
  await options.setup?.({ api, as });

  const client = createImpersonationClient({ ...options.client, crossTab: false, headers: bearer(viewer) });
  const value: StoryImpersonation = { api, as, client, viewer };
  context.loaded.impersonation = value;
  return () => {
    client.destroy();
    for (const other of clients.values()) other.destroy();
  };
}

const clientKeys = new WeakMap<ImpersonationClient, number>();
let lastKey = 0;

/** A stable React key per client. */
function keyOf(client: ImpersonationClient): number {
  let key = clientKeys.get(client);
  if (key === undefined) {
    key = ++lastKey;
    clientKeys.set(client, key);
  }
  return key;
}

/** Global decorator: wraps stories that have a mock backend in `ImpersonationProvider`. */
export const withImpersonation: Decorator = (Story, context) => {
  const value = context.loaded.impersonation as StoryImpersonation | undefined;
  const options = context.parameters.impersonation as ImpersonationParameters | undefined;
  if (!value || options?.wrap === false) return <Story />;
  return (
    // A new client means a new story load: remount so the provider makes a fresh QueryClient.
    <ImpersonationProvider key={keyOf(value.client)} client={value.client} {...options?.provider}>
      <Story />
    </ImpersonationProvider>
  );
};
