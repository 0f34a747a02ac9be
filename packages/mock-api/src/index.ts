// @impersonate-kit/mock-api: an in-memory reference backend for contract.md, served through MSW.
export { createMockApi, DEFAULT_STORAGE_KEY } from './createMockApi';
export type { MockApi, MockApiOptions } from './createMockApi';
export { buildPolicy, MOCK_PRESETS, PERMISSION_ROLES, PRESETS } from './presets';
export type { PolicyOverrides } from './presets';
export { DEFAULT_CAST, DEFAULT_PROJECTS, DEFAULT_VIEWER_ID } from './cast';
export { createMockClock } from './clock';
export type { MockClock, OffsetClock } from './clock';
export { DEFAULT_APP_BASE_URL, DEFAULT_BASE_URL } from './backend';
export type { Backend } from './backend';
export { AS_TARGET_HEADER, MAX_STARTS_PER_MINUTE, STEP_UP_CODE } from './rules';
export { IDEMPOTENCY_HEADER } from './startSession';
export { SEEDED_CONSENT_HOURS } from './seed';
export { BILLING_PLANS } from './sampleApp';
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
} from './types';
