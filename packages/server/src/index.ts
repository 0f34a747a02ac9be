// @impersonate-kit/server: the HTTP contract as a real backend. Web Request in, Response out.
export { createImpersonationServer, DEFAULT_BASE_PATH } from './server';
export type { ImpersonationServer, ImpersonationServerOptions, ProtectedHandler, ProtectOptions } from './server';
export { createMemoryStore, emptySnapshot } from './memoryStore';
export type { MemorySnapshot, MemoryStore } from './memoryStore';
export { ActiveSessionExistsError } from './store';
export type { EventFilter, ImpersonationStore, PageKey, PageQuery, SessionFilter, SessionPatch, StoreTx } from './store';
export { toNodeHandler } from './nodeHandler';
export type { NodeRequestLike, NodeResponseLike } from './nodeHandler';
export { CONTRACT_ROUTES } from './routes';
export { buildPolicy, DEFAULT_RESTART_WINDOW_SECONDS, PRESET_NAMES, PRESETS, resolvePolicy } from './presets';
export type { PolicyOverrides } from './presets';
export { ApiError, DEFAULT_MESSAGES, STATUS_BY_CODE } from './errors';
export type { ServerErrorCode } from './errors';
export { MAX_BODY_BYTES, readJsonBody } from './body';
export { DEFAULT_LIMIT, MAX_LIMIT } from './cursor';
export { MAX_STARTS_PER_MINUTE } from './rules';
export { IDEMPOTENCY_HEADER } from './start';
export { IDEMPOTENCY_WINDOW_MS, RATE_WINDOW_MS } from './lifecycle';
export { MAX_ELIGIBILITY_IDS } from './viewerRoutes';
export { OVERSIZED_BODY, UNREADABLE_BODY } from './protect';
export type {
  ActionRecord,
  Actor,
  Authentication,
  ConsentHookEvent,
  ConsentRecord,
  IdempotencyRecord,
  PolicyInput,
  PresetName,
  ServerClock,
  ServerHooks,
  ServerLogger,
  SessionHookEvent,
  SessionRecord,
  UsersDirectory,
} from './types';
