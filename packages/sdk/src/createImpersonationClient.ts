// Assembles the headless client: one API client, one skew meter, one ticker, the three stores
// and the cross-tab channel, all torn down by one destroy().
import type { ApiClient, ImpersonationClient, ImpersonationClientOptions } from './clientTypes';
import { createApiClient } from './apiClient';
import { systemClock } from './clock';
import { createConsentService } from './consentService';
import { createCrossTab } from './crossTab';
import { createEligibilityBatcher } from './eligibilityBatcher';
import { ImpersonationError, toImpersonationError } from './errors';
import { createSessionService } from './sessionService';
import { createSkewMeter } from './skew';
import { createTicker } from './ticker';
import { createViewerStore } from './viewerStore';

/**
 * Builds the client around a given ApiClient (a custom transport, or a fake in tests). Every
 * failure of any call through `client.api` that says the session may be gone triggers a re-check.
 */
export function createImpersonationClientWithApi(rawApi: ApiClient, options: ImpersonationClientOptions = {}): ImpersonationClient {
  const clock = options.clock ?? systemClock;
  // A zero or negative interval would poll in a tight loop: refuse it where it is written.
  const { pollIntervalMs } = options;
  if (pollIntervalMs !== undefined && !(pollIntervalMs > 0)) throw new TypeError(`pollIntervalMs must be a positive number, got ${pollIntervalMs}`);
  const skew = createSkewMeter(clock);
  // Every call through the client, whichever method: its answer's serverTime measures the skew,
  // and its failure, as an ImpersonationError, reaches the session service (a 403 `consent_revoked`
  // on any call re-checks the session) before the caller sees it.
  const api = new Proxy(rawApi, {
    get(target, key) {
      const member: unknown = Reflect.get(target, key);
      return typeof member === 'function'
        ? (...args: unknown[]) =>
            skew.measure(() => member.apply(target, args)).catch((cause: unknown) => {
              const error = toImpersonationError(cause);
              session.noticeError(error);
              throw error;
            })
        : member;
    },
  });
  const crossTab = createCrossTab({
    channelName: options.channelName,
    enabled: options.crossTab !== false,
    user: () => viewer.getSnapshot().viewer?.user.id,
  });
  const viewer = createViewerStore({ api, skew });
  const session = createSessionService({ ...options, api, clock, skew, viewer, crossTab });
  const consent = createConsentService({ api, clock, skew, viewer, crossTab });
  const ticker = createTicker(clock, skew.serverNow);
  const eligibility = createEligibilityBatcher((ids) => api.getEligibility(ids));
  const loaded = async <K extends 'policy' | 'viewer'>(key: K) => {
    const value = (await viewer.load())[key];
    if (!value) throw new ImpersonationError('invalid_response', `No ${key}`);
    return value as NonNullable<typeof value>;
  };

  return {
    session,
    consent,
    viewer,
    ticker,
    api,
    clock,
    getPolicy: () => loaded('policy'),
    getViewer: () => loaded('viewer'),
    getEligibility: eligibility.load,
    listSessions: (query) => api.listSessions(query),
    listEvents: (query) => api.listEvents(query),
    // Still blocked while ending: the server acts as the target until the end answer arrives.
    isBlocked: (action) => /^(active|ending)$/.test(session.getSnapshot().status) && !!viewer.getSnapshot().policy?.blockedActions.includes(action),
    serverNow: skew.serverNow,
    reportActivity: session.reportActivity,
    destroy() {
      session.destroy();
      consent.destroy();
      ticker.destroy();
      crossTab.close();
    },
  };
}

/** Creates the headless impersonation client: stores, commands and queries over the HTTP contract. */
export function createImpersonationClient(options: ImpersonationClientOptions = {}): ImpersonationClient {
  const clock = options.clock ?? systemClock;
  return createImpersonationClientWithApi(createApiClient({ ...options, clock }), { ...options, clock });
}
