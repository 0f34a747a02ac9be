// The server's clock decides expiry, so every countdown runs on server time: the client clock
// plus the offset measured from each answer's `serverTime`. A laptop an hour off still counts
// down right.
import type { Clock } from './clientTypes';

/** Measures the offset between the server's clock and the client's, and reads server time. */
export interface SkewMeter {
  /** Server time now, in epoch ms: the client clock plus the measured offset. */
  serverNow(): number;
  /** The measured offset (server minus client) in ms; 0 until the first answer. */
  offsetMs(): number;
  /** Records one answer: when it was sent and received on the client clock, and the server's time in it. */
  record(sentAt: number, receivedAt: number, serverTime: string): void;
  /** Runs one request and records the offset from the `serverTime` of its answer, if it has one. */
  measure<T>(request: () => Promise<T>): Promise<T>;
}

/** Answers slower than this are not used: the offset's error is up to half the round trip. */
export const MAX_SAMPLE_ROUND_TRIP_MS = 10_000;

/** The offset of one answer: server time minus the midpoint of the round trip on the client clock. */
export function measureSkew(sentAt: number, receivedAt: number, serverTimeMs: number): number {
  return serverTimeMs - (sentAt + receivedAt) / 2;
}

/** A skew meter on `clock`; the latest usable answer wins, so a clock that jumps (sleep, NTP) is followed. */
export function createSkewMeter(clock: Clock): SkewMeter {
  let offset = 0;

  function record(sentAt: number, receivedAt: number, serverTime: string): void {
    const serverMs = Date.parse(serverTime);
    // A round trip that ran backwards (the client clock jumped) or took ages (the machine slept
    // mid-request) says little about the offset: keep the one we have.
    const roundTrip = receivedAt - sentAt;
    if (!Number.isNaN(serverMs) && roundTrip >= 0 && roundTrip <= MAX_SAMPLE_ROUND_TRIP_MS) offset = measureSkew(sentAt, receivedAt, serverMs);
  }

  return {
    serverNow: () => clock.now() + offset,
    offsetMs: () => offset,
    record,
    async measure(request) {
      const sentAt = clock.now();
      const answer = await request();
      // Answers without a time (lists, the policy) parse to NaN and are skipped.
      record(sentAt, clock.now(), String((answer as { serverTime?: unknown } | undefined)?.serverTime));
      return answer;
    },
  };
}
