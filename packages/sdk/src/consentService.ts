// Runs the effects around the consent machine: the reads, grants and revokes, the expiry timer
// and cross-tab news. Durations are checked here before any request, so a bad value never
// reaches the server and never disturbs what the page shows.
import type { ApiClient, Clock, ConsentStore, ViewerStore } from './clientTypes';
import type { ConsentEvent } from './consentMachine';
import type { CrossTab } from './crossTab';
import type { SkewMeter } from './skew';
import type { Consent, ConsentResponse, Policy } from './types';
import { initialConsentState, transitionConsent } from './consentMachine';
import { createDeadline } from './deadline';
import { ImpersonationError } from './errors';
import { inFlight } from './inFlight';
import { createListeners } from './listeners';

/** The whole-hour range a consent may last under `policy`; without one, the contract's 1 to 168 hours (one week). */
export function consentHoursRange(policy: Policy | null | undefined): { min: number; max: number } {
  return policy ? { min: policy.consent.minHours, max: policy.consent.maxHours } : { min: 1, max: 168 };
}

/** The `invalid_duration` error for `value`, or null when it is a whole number of hours within the range. */
export function validateConsentDuration(value: unknown, { min, max }: { min: number; max: number }): ImpersonationError | null {
  return Number.isInteger(value) && (value as number) >= min && (value as number) <= max
    ? null
    : new ImpersonationError('invalid_duration', `Hours: ${min}-${max}`, 422, { minHours: min, maxHours: max });
}

/** Options of `createConsentService`. */
export interface ConsentServiceOptions {
  /** The client's api: every answer measures the skew and every failure is an ImpersonationError. */
  api: ApiClient;
  clock: Clock;
  skew: SkewMeter;
  /** Where the policy (and so the allowed range) comes from. */
  viewer: ViewerStore;
  crossTab: CrossTab;
}

/** The consent store plus its teardown. */
export interface ConsentService extends ConsentStore {
  /** Stops the expiry timer and the cross-tab listener. */
  destroy(): void;
}

/** The consent store: loads on first subscribe, validates grants, expires at `expiresAt` by server time. */
export function createConsentService({ api, clock, skew, viewer, crossTab }: ConsentServiceOptions): ConsentService {
  let state = initialConsentState;
  let destroyed = false;
  // Counts saves, so a read sent before one cannot undo it when it answers after it.
  let saves = 0;
  const expiry = createDeadline(clock, skew, () => dispatch({ type: 'EXPIRED' }));
  const reading = inFlight<Consent>();
  // The first watcher starts the read.
  const { subscribe, emit, clear } = createListeners(() => {
    if (state.status === 'unknown') refresh().catch(() => {});
  });

  function dispatch(event: ConsentEvent): void {
    const next = transitionConsent(state, event);
    if (next === state) return;
    state = next;
    // The expiry timer exists exactly while an active consent has an end.
    const expiresAt = state.consent?.expiresAt;
    expiry.aim(!destroyed && state.status === 'active' && expiresAt ? Date.parse(expiresAt) : Number.NaN);
    emit();
  }

  /** Runs a request, telling the machine `done` with its consent or `failed` with its error. */
  function track(request: () => Promise<ConsentResponse>, done: 'LOADED' | 'SAVED', failed: 'FAILED' | 'SAVE_FAILED'): Promise<Consent> {
    const mark = saves;
    // A save's answer always counts; a read's only if no save went out after it.
    const current = () => done === 'SAVED' || mark === saves;
    return request().then(
      ({ consent }) => {
        if (current()) dispatch({ type: done, consent });
        return consent;
      },
      (error: ImpersonationError) => {
        if (current()) dispatch({ type: failed, error });
        throw error;
      },
    );
  }

  const refresh = () =>
    reading(() => {
      dispatch({ type: 'LOAD' });
      return track(() => api.getConsent(), 'LOADED', 'FAILED');
    });

  async function save(request: () => Promise<ConsentResponse>): Promise<Consent> {
    saves++;
    dispatch({ type: 'SAVE' });
    const consent = await track(request, 'SAVED', 'SAVE_FAILED');
    if (!destroyed) crossTab.post({ type: 'consent', consent });
    return consent;
  }

  const stopCrossTab = crossTab.subscribe((message) => {
    if (message.type !== 'consent') return;
    if (message.consent) dispatch({ type: 'LOADED', consent: message.consent });
    else refresh().catch(() => {});
  });

  return {
    subscribe,
    getSnapshot: () => state,
    async grant(input) {
      const durationHours: unknown = input?.durationHours;
      const invalid = validateConsentDuration(durationHours, consentHoursRange(viewer.getSnapshot().policy));
      if (invalid) throw invalid;
      return save(() => api.putConsent(durationHours as number));
    },
    revoke: () => save(() => api.deleteConsent()),
    refresh,
    destroy() {
      destroyed = true;
      stopCrossTab();
      expiry.stop();
      clear();
    },
  };
}
