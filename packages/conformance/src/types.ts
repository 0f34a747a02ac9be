// The public shapes of the suite: how it reaches a backend (the driver) and what a run returns.

/** The policy presets of contract.md a backend under test is reset to. */
export type Preset = 'account-admin' | 'enterprise' | 'consent';

/** The presets, in the order the suite runs them. */
export const PRESET_NAMES: readonly Preset[] = ['account-admin', 'enterprise', 'consent'];

/** Request headers as a plain record. */
export type HeaderRecord = Record<string, string>;

/** A value or a promise of it: drivers may answer either way. */
export type MaybePromise<T> = T | Promise<T>;

/**
 * How the suite reaches the backend under test. Only `baseUrl`, `headersFor` and `reset` are
 * required; each optional part unlocks the cases that need it, and those cases are SKIPPED without it.
 */
export interface ConformanceDriver {
  /** The contract's base URL, absolute, e.g. `http://127.0.0.1:3000/api/impersonation`. */
  baseUrl: string;
  /** The host app's base URL serving the reference host routes (as-target and audit cases). */
  appUrl?: string;
  /**
   * More instances of the same backend, sharing its store: the suite sends its requests to
   * `baseUrl`/`appUrl` and these in turn, so every rule is also checked across instances.
   */
  instances?: readonly { baseUrl: string; appUrl?: string }[];
  /** Headers that sign in as `userId` of the default cast (u_owner, u_admin, u_ada, u_alice, u_bob, u_bill, u_nora, u_sam). */
  headersFor(userId: string): MaybePromise<HeaderRecord>;
  /** Headers of a credential that is itself an impersonated one: `impersonatorId` acting as `targetId` inside their active session. */
  impersonatedHeadersFor?(targetId: string, impersonatorId: string): MaybePromise<HeaderRecord>;
  /** Headers of an API token owned by `userId`: the host's calls made with it act as its owner, never as a target. */
  apiTokenHeadersFor?(userId: string): MaybePromise<HeaderRecord>;
  /** Suspends, deletes or restores a user of the cast, as the host's own admin tools would. */
  setUserStatus?(userId: string, status: 'active' | 'suspended' | 'deleted'): MaybePromise<void>;
  /** A fresh backend with the default cast under `preset` (no sessions, no audit, no idempotency keys, no rate-limit history). */
  reset(preset: Preset): MaybePromise<void>;
  /** Moves the server's clock forward by `ms`; without it, time cases are SKIPPED, never passed. */
  advance?(ms: number): MaybePromise<void>;
  /** The fetch used for every request; default `globalThis.fetch`. */
  fetch?: typeof fetch;
  /** Called by the CLI once the run is over: stop whatever the driver started. */
  close?(): MaybePromise<void>;
}

/** What a case needs from the driver beyond the required parts. */
export type CaseNeed = 'advance' | 'appUrl' | 'impersonatedHeadersFor' | 'apiTokenHeadersFor' | 'setUserStatus';

/** How one case ended. */
export type CaseStatus = 'passed' | 'failed' | 'skipped';

/** The outcome of one case. */
export interface CaseResult {
  /** The case, named after its rule: `rules/self_impersonation`, `time/idle_timeout`… */
  name: string;
  /** The preset the backend was reset to for this case. */
  preset: Preset;
  status: CaseStatus;
  /** For a failure, what it saw against what it expected; for a skip, why. */
  message?: string;
  durationMs: number;
}

/** Which cases to run and who hears about each. */
export interface RunOptions {
  /** Run only the cases of this preset. */
  preset?: Preset;
  /** Run only cases whose name is, or starts with, one of these followed by `/` (`rules`, `audit/redaction`). */
  only?: string | readonly string[];
  /** Called after each case, in order. */
  onCase?(result: CaseResult): void;
  /** How long one request may take before its case fails; default 15 000 ms. */
  requestTimeoutMs?: number;
}

/** The outcome of a run. */
export interface RunResult {
  passed: number;
  failed: number;
  skipped: number;
  cases: CaseResult[];
}
