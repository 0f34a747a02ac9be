// Keeps every tab of the product in step over BroadcastChannel. Where there is none (old
// browsers, some workers, SSR) it does nothing, and each tab still learns by polling.
import type { SessionState } from './clientTypes';
import type { Consent } from './types';
import { createListeners } from './listeners';
import { randomId } from './randomId';

/** The channel name tabs share unless told otherwise. */
export const DEFAULT_CHANNEL_NAME = 'impersonate-kit';

/** What a session message says happened. */
export type SessionBroadcastChange = 'started' | 'restarted' | 'ended' | 'dismissed' | 'updated';

/** The part of the session state another tab can apply as is (errors stay in their own tab). */
export type SharedSessionState = Pick<SessionState, 'status' | 'session' | 'endReason'>;

/** A message between tabs; without a state or consent, the receiver re-reads from the server. */
export type CrossTabMessage =
  | { type: 'session'; change: SessionBroadcastChange; state: SharedSessionState | null }
  | { type: 'consent'; consent: Consent | null };

/** A typed channel between tabs. */
export interface CrossTab {
  /** False where BroadcastChannel is missing or cross-tab sync was turned off: then nothing is sent or heard. */
  readonly enabled: boolean;
  /** Tells every other tab. */
  post(message: CrossTabMessage): void;
  /** Hears every other tab (never this one). */
  subscribe(listener: (message: CrossTabMessage) => void): () => void;
  /** Closes the channel; later posts are dropped. */
  close(): void;
}

/** Options of `createCrossTab`. */
export interface CrossTabOptions {
  /** Default "impersonate-kit". */
  channelName?: string;
  /** Default true; false gives a channel that does nothing. */
  enabled?: boolean;
  /** Who this tab's viewer is, when known: a message is heard only from a tab of the same viewer. */
  user?: () => string | undefined;
}

interface Envelope {
  sender: string;
  user?: string;
  message: CrossTabMessage;
}

/** A channel over BroadcastChannel that ignores its own messages and is harmless where BroadcastChannel is missing. */
export function createCrossTab({ channelName = DEFAULT_CHANNEL_NAME, enabled = true, user }: CrossTabOptions = {}): CrossTab {
  const Channel: typeof BroadcastChannel | undefined = globalThis.BroadcastChannel;
  let channel = enabled && Channel ? new Channel(channelName) : undefined;
  const sender = randomId();
  const { subscribe, emit, clear } = createListeners<[CrossTabMessage]>();

  if (channel) {
    channel.onmessage = ({ data }: MessageEvent<unknown>) => {
      // Another version of the kit, or another library on the same name, may post shapes we do not know.
      // A tab signed in as someone else shares the origin, not the session or the consent.
      const { sender: from, user: who, message } = (data ?? {}) as Partial<Envelope>;
      if (typeof from === 'string' && from !== sender && who === user?.() && (message?.type === 'session' || message?.type === 'consent')) emit(message);
    };
  }

  return {
    enabled: !!channel,
    post(message) {
      const envelope: Envelope = { sender, user: user?.(), message };
      channel?.postMessage(envelope);
    },
    subscribe,
    close() {
      clear();
      channel?.close();
      channel = undefined;
    },
  };
}
