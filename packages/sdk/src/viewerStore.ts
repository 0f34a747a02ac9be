// Who is calling and the policy in force: read once, shared by every caller, refreshed on demand.
import type { ApiClient, ViewerState, ViewerStore } from './clientTypes';
import type { SkewMeter } from './skew';
import type { Session } from './types';
import { toImpersonationError } from './errors';
import { inFlight } from './inFlight';
import { jsonEqual } from './jsonEqual';
import { createListeners } from './listeners';

/** The viewer store plus what the session service tells it. */
export interface ViewerService extends ViewerStore {
  /** Keeps `viewer.session` in step with the session store, without a request. */
  setSession(session: Session | null): void;
}

/** Options of `createViewerStore`. */
export interface ViewerStoreOptions {
  api: ApiClient;
  skew: SkewMeter;
}

/** Before the viewer was read. */
export const initialViewerState: ViewerState = Object.freeze({ status: 'unknown', viewer: null, policy: null, error: null });

// Server answers arrive as fresh objects even when nothing changed: keeping the old one keeps the snapshot.
const same = <T>(old: T, fresh: T): T => (jsonEqual(old, fresh) ? old : fresh);

/** The viewer/policy store: `load()` reads `/policy` and `/viewer` once; `refresh()` reads them again. */
export function createViewerStore({ api, skew }: ViewerStoreOptions): ViewerService {
  let state = initialViewerState;
  const fetching = inFlight<ViewerState>();
  // The first watcher starts the read, so a page that shows the viewer needs no extra call.
  const { subscribe, emit } = createListeners(() => {
    if (state.status === 'unknown') fetchBoth().catch(() => {});
  });

  function set(next: ViewerState): void {
    state = next;
    emit();
  }

  const fetchBoth = () =>
    fetching(() => {
      // A refresh of a loaded viewer stays `ready` meanwhile: nothing on screen flickers.
      if (state.status !== 'ready') set({ ...state, status: 'loading', error: null });
      return Promise.all([api.getPolicy(), skew.measure(() => api.getViewer())]).then(
        ([freshPolicy, freshViewer]) => {
          const policy = same(state.policy, freshPolicy);
          const viewer = same(state.viewer, freshViewer);
          if (state.status !== 'ready' || state.error || policy !== state.policy || viewer !== state.viewer) {
            set({ status: 'ready', policy, viewer, error: null });
          }
          return state;
        },
        (cause: unknown) => {
          const error = toImpersonationError(cause);
          set({ ...state, status: state.status === 'ready' ? 'ready' : 'error', error });
          throw error;
        },
      );
    });

  return {
    subscribe,
    getSnapshot: () => state,
    load: () => (state.status === 'ready' ? Promise.resolve(state) : fetchBoth()),
    refresh: fetchBoth,
    setSession(session) {
      if (state.viewer && !jsonEqual(state.viewer.session, session)) set({ ...state, viewer: { ...state.viewer, session } });
    },
  };
}
