// Builds clients on a test clock against the fake backend, and a fake page (window and
// document) for the listeners a browser would have. Everything made here is torn down by `cleanup`.
import { vi } from 'vitest';
import type { ImpersonationClient, ImpersonationClientOptions, TestClock } from '../clientTypes';
import { createTestClock } from '../clock';
import { createImpersonationClientWithApi } from '../createImpersonationClient';
import type { Policy } from '../types';
import type { FakeServer } from './fakeApi';
import { createFakeServer, flush, offsetClock, testPolicy } from './fakeApi';

/** An EventTarget that counts the listeners attached to it. */
export class CountingTarget extends EventTarget {
  attached = 0;

  override addEventListener(...args: Parameters<EventTarget['addEventListener']>): void {
    this.attached += 1;
    super.addEventListener(...args);
  }

  override removeEventListener(...args: Parameters<EventTarget['removeEventListener']>): void {
    this.attached -= 1;
    super.removeEventListener(...args);
  }
}

/** A fake page: `window` and `document` installed as globals. */
export interface FakePage {
  window: CountingTarget;
  document: CountingTarget & { visibilityState: DocumentVisibilityState };
  /** Listeners attached to either, right now. */
  listeners(): number;
  /** The tab comes back into view. */
  show(): void;
  /** The window gets focus. */
  focus(): void;
}

/** Installs a fake `window` and `document`; `vi.unstubAllGlobals()` (in `cleanup`) removes them. */
export function installPage(): FakePage {
  const win = new CountingTarget();
  const doc = Object.assign(new CountingTarget(), { visibilityState: 'visible' as DocumentVisibilityState });
  vi.stubGlobal('window', win);
  vi.stubGlobal('document', doc);
  return {
    window: win,
    document: doc,
    listeners: () => win.attached + doc.attached,
    show() {
      doc.visibilityState = 'visible';
      doc.dispatchEvent(new Event('visibilitychange'));
    },
    focus: () => win.dispatchEvent(new Event('focus')),
  };
}

const made: ImpersonationClient[] = [];

/** Options of `setup`. */
export interface SetupOptions extends Omit<ImpersonationClientOptions, 'clock'> {
  policy?: Policy;
  /** How far the client clock is off the server's, in ms. */
  clientOffsetMs?: number;
  /** Share a backend and a clock with another setup (a second tab). */
  with?: { clock: TestClock; server: FakeServer };
}

/** One tab: a test clock (the server's time), a fake backend, and a client on that clock. */
export interface Harness {
  clock: TestClock;
  server: FakeServer;
  client: ImpersonationClient;
}

let channelCount = 0;

/** A fresh channel name, so tests never hear each other. */
export function uniqueChannel(): string {
  channelCount += 1;
  return `impersonate-kit-test-${process.pid}-${channelCount}`;
}

/** Creates a client on a test clock; cross-tab is off unless a channel is given. */
export function setup(options: SetupOptions = {}): Harness {
  const { policy, clientOffsetMs = 0, with: shared, ...clientOptions } = options;
  const clock = shared?.clock ?? createTestClock();
  const server = shared?.server ?? createFakeServer(clock, policy ?? testPolicy());
  const client = createImpersonationClientWithApi(server.api, {
    crossTab: clientOptions.channelName !== undefined,
    ...clientOptions,
    clock: clientOffsetMs === 0 ? clock : offsetClock(clock, clientOffsetMs),
  });
  made.push(client);
  return { clock, server, client };
}

/** Loads the viewer and starts a session on Alice; resolves once it is active. */
export async function startSession(client: ImpersonationClient): Promise<void> {
  const stop = client.session.subscribe(() => {});
  await flush();
  await client.session.start({ targetUserId: 'u_alice', reason: 'Ticket 4521' });
  stop();
}

/** Destroys every client made here and removes the fake page. */
export function cleanup(): void {
  for (const client of made.splice(0)) client.destroy();
  vi.unstubAllGlobals();
}
