// @impersonate-kit/conformance: the HTTP contract as a test suite any backend can run.
export { runConformance, listCases, DEFAULT_REQUEST_TIMEOUT_MS } from './runConformance';
export { formatCase, formatSummary, toJsonReport } from './report';
export { PRESET_NAMES } from './types';
export type { CaseNeed, CaseResult, CaseStatus, ConformanceDriver, HeaderRecord, MaybePromise, Preset, RunOptions, RunResult } from './types';
