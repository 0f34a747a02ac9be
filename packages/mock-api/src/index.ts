// @impersonate-kit/mock-api: the server core over a memory store, served through MSW, with a demo cast and sample app.
export { createMockApi, DEFAULT_APP_BASE_URL, DEFAULT_BASE_URL, DEFAULT_STORAGE_KEY } from './createMockApi';
export type { Backend, MockApi, MockApiOptions } from './createMockApi';
export { MOCK_PRESETS, PERMISSION_ROLES } from './presets';
export { buildPolicy, IDEMPOTENCY_HEADER, MAX_STARTS_PER_MINUTE, PRESETS } from '@impersonate-kit/server';
export type { PolicyOverrides } from '@impersonate-kit/server';
export { DEFAULT_CAST, DEFAULT_PROJECTS, DEFAULT_VIEWER_ID } from './cast';
export { createMockClock } from './clock';
export type { MockClock, OffsetClock } from './clock';
export { AS_TARGET_HEADER, demoAuthenticate, demoTokenBearer, demoVerifyStepUp, STEP_UP_CODE } from './demoAuth';
export { SEEDED_CONSENT_HOURS, seedApp, seedConsents } from './seed';
// The pieces a backend on another store (e.g. Postgres, many instances) assembles the same demo from.
export { APP_ROUTES, BILLING_PLANS, createSampleApp } from './sampleApp';
export type { AppHost } from './sampleApp';
export type { PersistMode, StorageLike } from './store';
export type {
  ApiKeyRecord,
  AppData,
  BackendRequest,
  BackendResponse,
  ConsentRecord,
  IdempotencyRecord,
  MockPreset,
  MockState,
  Project,
  SessionRecord,
  TeamSettings,
} from './types';
