import { describe, expect, it, vi } from 'vitest';
import { createTestClock } from '../clock';
import { createSkewMeter } from '../skew';
import { createViewerStore } from '../viewerStore';
import { createFakeServer, flush, makeSession } from './fakeApi';

function store() {
  const clock = createTestClock();
  const server = createFakeServer(clock);
  const viewer = createViewerStore({ api: server.api, skew: createSkewMeter(clock) });
  return { clock, server, viewer };
}

describe('the viewer store', () => {
  it('loads /policy and /viewer once for every concurrent caller', async () => {
    const { server, viewer } = store();
    const [one, two] = await Promise.all([viewer.load(), viewer.load()]);
    expect(one).toBe(two);
    expect(one).toMatchObject({ status: 'ready', viewer: { user: { id: 'u_admin' } }, policy: { preset: 'custom' }, error: null });
    await viewer.load();
    expect(server.count('getPolicy')).toBe(1);
    expect(server.count('getViewer')).toBe(1);
  });

  it('is loading meanwhile, and loads on its first subscriber', async () => {
    const { viewer } = store();
    viewer.subscribe(() => {});
    expect(viewer.getSnapshot().status).toBe('loading');
    await flush();
    expect(viewer.getSnapshot().status).toBe('ready');
  });

  it('measures the skew from the viewer’s serverTime', async () => {
    const clock = createTestClock();
    const server = createFakeServer(clock);
    const client = { ...clock, now: () => clock.now() - 90_000 };
    const skew = createSkewMeter(client);
    await createViewerStore({ api: server.api, skew }).load();
    expect(skew.offsetMs()).toBe(90_000);
  });

  it('fails with the error, and loads again on the next call', async () => {
    const { server, viewer } = store();
    server.offline = true;
    await expect(viewer.load()).rejects.toMatchObject({ code: 'network_error' });
    expect(viewer.getSnapshot()).toMatchObject({ status: 'error', error: { code: 'network_error' } });
    server.offline = false;
    await expect(viewer.load()).resolves.toMatchObject({ status: 'ready', error: null });
  });

  it('re-reads on refresh, keeping the snapshot when nothing changed', async () => {
    const { server, viewer } = store();
    const first = await viewer.load();
    const listener = vi.fn();
    viewer.subscribe(listener);
    await viewer.refresh();
    expect(viewer.getSnapshot()).toBe(first);
    expect(listener).not.toHaveBeenCalled();
    server.policy = { ...server.policy, blockedActions: ['team.settings'] };
    await viewer.refresh();
    expect(viewer.getSnapshot().policy?.blockedActions).toEqual(['team.settings']);
    expect(listener).toHaveBeenCalledTimes(1);
  });

  it('keeps what it has when a refresh fails', async () => {
    const { server, viewer } = store();
    const first = await viewer.load();
    server.offline = true;
    await expect(viewer.refresh()).rejects.toMatchObject({ code: 'network_error' });
    expect(viewer.getSnapshot()).toMatchObject({ status: 'ready', viewer: first.viewer, error: { code: 'network_error' } });
  });

  it('follows the session store without a request', async () => {
    const { server, viewer } = store();
    await viewer.load();
    const session = makeSession();
    viewer.setSession(session);
    expect(viewer.getSnapshot().viewer?.session).toEqual(session);
    const before = viewer.getSnapshot();
    viewer.setSession(structuredClone(session));
    expect(viewer.getSnapshot()).toBe(before);
    expect(server.count('getViewer')).toBe(1);
  });
});
