import { describe, expect, it } from 'vitest';
import type { SessionState } from '../clientTypes';
import { ImpersonationError } from '../errors';
import { SESSION_EVENTS, initialSessionState, transitionSession } from '../sessionMachine';
import { makeSession } from './fakeApi';

const session = makeSession();
const ended = makeSession({ status: 'ended', endedAt: '2026-11-21T10:10:00.000Z', endReason: 'ended' });
const networkError = new ImpersonationError('network_error', 'Failed to fetch');

const idle: SessionState = { status: 'idle', session: null, endReason: null, error: null };
const active: SessionState = { status: 'active', session, endReason: null, error: null };
const endedState: SessionState = { status: 'ended', session: ended, endReason: 'ended', error: null };

describe('the session machine', () => {
  it('names every event in one map', () => {
    expect(Object.keys(SESSION_EVENTS)).toEqual(Object.values(SESSION_EVENTS));
    expect(Object.keys(SESSION_EVENTS)).toHaveLength(14);
  });

  describe('given nothing is known yet', () => {
    it('starts unknown', () => {
      expect(initialSessionState).toEqual({ status: 'unknown', session: null, endReason: null, error: null });
    });

    it('becomes active when the viewer runs a session', () => {
      expect(transitionSession(initialSessionState, { type: 'LOADED', session })).toEqual(active);
    });

    it('becomes idle when the viewer runs none', () => {
      expect(transitionSession(initialSessionState, { type: 'LOADED', session: null })).toEqual(idle);
    });

    it('goes to error when the load fails, and back to unknown on retry', () => {
      const failed = transitionSession(initialSessionState, { type: 'FAILED', error: networkError });
      expect(failed).toEqual({ status: 'error', session: null, endReason: null, error: networkError });
      expect(transitionSession(failed, { type: 'FAILED', error: networkError })).toBe(failed);
      expect(transitionSession(failed, { type: 'RETRY' })).toBe(initialSessionState);
    });

    it('can load after a failure', () => {
      const failed = transitionSession(initialSessionState, { type: 'FAILED', error: networkError });
      expect(transitionSession(failed, { type: 'LOADED', session: null })).toEqual(idle);
    });

    it('takes a refresh as the first load', () => {
      expect(transitionSession(initialSessionState, { type: 'REFRESHED', session })).toEqual(active);
      expect(transitionSession(initialSessionState, { type: 'REFRESHED', session: ended })).toEqual(idle);
    });
  });

  describe('given no session', () => {
    it('ignores a late first load', () => {
      expect(transitionSession(idle, { type: 'LOADED', session })).toBe(idle);
    });

    it('ignores a failed re-read and a retry', () => {
      expect(transitionSession(idle, { type: 'FAILED', error: networkError })).toBe(idle);
      expect(transitionSession(idle, { type: 'RETRY' })).toBe(idle);
    });

    describe('when a start goes out', () => {
      const starting = transitionSession(idle, { type: 'START' });

      it('is starting', () => {
        expect(starting).toEqual({ status: 'starting', session: null, endReason: null, error: null });
      });

      it('ignores a second start', () => {
        expect(transitionSession(starting, { type: 'START' })).toBe(starting);
      });

      it('becomes active when the server starts it', () => {
        expect(transitionSession(starting, { type: 'STARTED', session })).toEqual(active);
      });

      it('never becomes active when the server answers a session that has already ended', () => {
        const over = makeSession({ status: 'ended', endedAt: session.startedAt, endReason: 'consent_revoked' });
        expect(transitionSession(starting, { type: 'STARTED', session: over })).toEqual({ status: 'ended', session: over, endReason: 'consent_revoked', error: null });
        expect(transitionSession(starting, { type: 'STARTED', session: { ...over, endReason: null } })).toMatchObject({ status: 'ended', endReason: 'ended' });
      });

      it('goes back to idle with the error when the server refuses', () => {
        const refused = new ImpersonationError('consent_required', 'Consent required', 403);
        expect(transitionSession(starting, { type: 'START_FAILED', error: refused })).toEqual({ ...idle, error: refused });
      });

      it('does not let a read answered meanwhile undo the start', () => {
        expect(transitionSession(starting, { type: 'REFRESHED', session: null })).toBe(starting);
        expect(transitionSession(starting, { type: 'SERVER_ENDED', session: ended, endReason: 'ended' })).toBe(starting);
      });
    });

    it('hears of a session started elsewhere', () => {
      expect(transitionSession(idle, { type: 'REFRESHED', session })).toEqual(active);
    });

    it('stays idle when the server has nothing, or only an old ended session', () => {
      expect(transitionSession(idle, { type: 'REFRESHED', session: null })).toBe(idle);
      expect(transitionSession(idle, { type: 'REFRESHED', session: ended })).toBe(idle);
      expect(transitionSession(idle, { type: 'SERVER_ENDED', session: ended, endReason: 'ended' })).toBe(idle);
    });

    it('ignores commands that need a session', () => {
      for (const type of ['END', 'RESTART', 'DISMISS'] as const) expect(transitionSession(idle, { type })).toBe(idle);
      expect(transitionSession(idle, { type: 'STARTED', session })).toBe(idle);
      expect(transitionSession(idle, { type: 'EXPIRED', endReason: 'expired' })).toBe(idle);
      expect(transitionSession(idle, { type: 'ENDED', session: ended })).toBe(idle);
      expect(transitionSession(idle, { type: 'END_FAILED', error: networkError })).toBe(idle);
    });
  });

  describe('given an active session', () => {
    it('ignores a start', () => {
      expect(transitionSession(active, { type: 'START' })).toBe(active);
    });

    it('keeps the same snapshot when a refresh brings an equal copy', () => {
      expect(transitionSession(active, { type: 'REFRESHED', session: structuredClone(session) })).toBe(active);
    });

    it('takes a new deadline from the server', () => {
      const later = { ...session, expiresAt: '2026-11-21T10:45:00.000Z' };
      expect(transitionSession(active, { type: 'REFRESHED', session: later })).toEqual({ ...active, session: later });
    });

    describe('when the impersonator ends it', () => {
      const ending = transitionSession(active, { type: 'END' });

      it('is ending, still holding the session', () => {
        expect(ending).toEqual({ status: 'ending', session, endReason: null, error: null });
      });

      it('ends with the reason "ended"', () => {
        expect(transitionSession(ending, { type: 'ENDED', session: ended })).toEqual(endedState);
      });

      it('goes back to active with the error when the request fails', () => {
        expect(transitionSession(ending, { type: 'END_FAILED', error: networkError })).toEqual({ ...active, error: networkError });
      });

      it('ends anyway when the server has no session left to end', () => {
        const gone = new ImpersonationError('no_active_session', 'No active session', 404);
        expect(transitionSession(ending, { type: 'END_FAILED', error: gone })).toEqual({
          status: 'ended',
          session,
          endReason: 'ended',
          error: null,
        });
      });

      it('does not let a read answered meanwhile undo the end', () => {
        expect(transitionSession(ending, { type: 'REFRESHED', session })).toBe(ending);
      });
    });

    it('keeps a failed end on show while a poll brings an equal copy', () => {
      const failed: SessionState = { ...active, error: networkError };
      expect(transitionSession(failed, { type: 'REFRESHED', session: structuredClone(session) })).toBe(failed);
    });

    it('ends by the local clock with the reason it is given', () => {
      expect(transitionSession(active, { type: 'EXPIRED', endReason: 'idle_timeout' })).toEqual({
        status: 'ended',
        session,
        endReason: 'idle_timeout',
        error: null,
      });
    });

    it('ends when the server says so, with the server reason', () => {
      const revoked = { ...ended, endReason: 'consent_revoked' as const };
      expect(transitionSession(active, { type: 'SERVER_ENDED', session: revoked, endReason: 'consent_revoked' })).toEqual({
        status: 'ended',
        session: revoked,
        endReason: 'consent_revoked',
        error: null,
      });
      expect(transitionSession(active, { type: 'REFRESHED', session: revoked })).toMatchObject({ status: 'ended', endReason: 'consent_revoked' });
    });

    it('ignores news of some other session ending', () => {
      const other = makeSession({ id: 'imp_0', status: 'ended', endReason: 'expired' });
      expect(transitionSession(active, { type: 'SERVER_ENDED', session: other, endReason: 'expired' })).toBe(active);
      expect(transitionSession(active, { type: 'REFRESHED', session: other })).toBe(active);
    });

    it('ends when the server has no session at all', () => {
      expect(transitionSession(active, { type: 'REFRESHED', session: null })).toMatchObject({ status: 'ended', endReason: 'ended' });
    });

    it('cannot be restarted or dismissed', () => {
      expect(transitionSession(active, { type: 'RESTART' })).toBe(active);
      expect(transitionSession(active, { type: 'DISMISS' })).toBe(active);
    });
  });

  describe('given a session that ended', () => {
    it('keeps the same snapshot when the same news comes again', () => {
      expect(transitionSession(endedState, { type: 'SERVER_ENDED', session: structuredClone(ended), endReason: 'ended' })).toBe(endedState);
      expect(transitionSession(endedState, { type: 'EXPIRED', endReason: 'expired' })).toBe(endedState);
      expect(transitionSession(endedState, { type: 'REFRESHED', session: null })).toBe(endedState);
    });

    it('takes the server reason over the local guess', () => {
      const guessed: SessionState = { status: 'ended', session, endReason: 'expired', error: null };
      const revoked = { ...ended, endReason: 'consent_revoked' as const };
      expect(transitionSession(guessed, { type: 'SERVER_ENDED', session: revoked, endReason: 'consent_revoked' })).toMatchObject({
        endReason: 'consent_revoked',
        session: revoked,
      });
    });

    it('is dismissed to idle', () => {
      expect(transitionSession(endedState, { type: 'DISMISS' })).toEqual(idle);
    });

    describe('when it is restarted', () => {
      const restarting = transitionSession(endedState, { type: 'RESTART' });

      it('is starting, keeping the old session for reference', () => {
        expect(restarting).toEqual({ status: 'starting', session: ended, endReason: 'ended', error: null });
      });

      it('becomes active with the new session', () => {
        const fresh = makeSession({ id: 'imp_2', restartOf: 'imp_1' });
        expect(transitionSession(restarting, { type: 'STARTED', session: fresh })).toEqual({ ...active, session: fresh });
      });

      it('falls back to the ended session with the error when refused', () => {
        const refused = new ImpersonationError('restart_not_allowed', 'Not allowed', 409);
        expect(transitionSession(restarting, { type: 'START_FAILED', error: refused })).toEqual({ ...endedState, error: refused });
      });
    });

    it('starts afresh, forgetting the old session', () => {
      expect(transitionSession(endedState, { type: 'START' })).toEqual({ status: 'starting', session: null, endReason: null, error: null });
    });

    it('hears of a new session started elsewhere', () => {
      const fresh = makeSession({ id: 'imp_2' });
      expect(transitionSession(endedState, { type: 'REFRESHED', session: fresh })).toEqual({ ...active, session: fresh });
    });
  });
});
