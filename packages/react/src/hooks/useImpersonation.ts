'use client';
import { useMemo, useSyncExternalStore } from 'react';
import type { RestartSessionInput, Session, SessionState, StartSessionInput } from '@impersonate-kit/sdk';
import { useImpersonationContext } from '../context';

/** What `useImpersonation` returns. */
export interface UseImpersonationResult {
  state: SessionState;
  start: (input: StartSessionInput) => Promise<Session>;
  end: () => Promise<Session>;
  /** After a session ended, within the restart window; `stepUpCode` where the policy asks for a second factor. */
  restart: (input?: RestartSessionInput) => Promise<Session>;
  dismiss: () => void;
}

/** The session state and its commands; re-renders only when the session snapshot changes. */
export function useImpersonation(): UseImpersonationResult {
  const { client } = useImpersonationContext();
  const store = client.session;
  // The sdk's stores hand out closures (no `this`): stable, so passed as they are.
  const state = useSyncExternalStore(store.subscribe, store.getSnapshot, store.getSnapshot);
  const commands = useMemo(
    () => ({
      start: (input: StartSessionInput) => store.start(input),
      end: () => store.end(),
      restart: (input?: RestartSessionInput) => store.restart(input),
      dismiss: () => store.dismiss(),
    }),
    [store],
  );
  return { state, ...commands };
}
