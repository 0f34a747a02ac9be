import { afterEach, describe, expect, it, vi } from 'vitest';
import type { CrossTab, CrossTabMessage } from '../crossTab';
import { DEFAULT_CHANNEL_NAME, createCrossTab } from '../crossTab';
import { flush } from './fakeApi';

const opened: CrossTab[] = [];
function open(options?: Parameters<typeof createCrossTab>[0]): CrossTab {
  const tab = createCrossTab(options);
  opened.push(tab);
  return tab;
}

const message: CrossTabMessage = { type: 'consent', consent: null };

afterEach(() => {
  for (const tab of opened.splice(0)) tab.close();
  vi.unstubAllGlobals();
});

describe('cross-tab messages', () => {
  describe('given two tabs on the default channel', () => {
    it('delivers a message to the other tab, never back to the sender', async () => {
      const one = open();
      const two = open();
      const heardByOne = vi.fn();
      const heardByTwo = vi.fn();
      one.subscribe(heardByOne);
      two.subscribe(heardByTwo);
      one.post(message);
      await vi.waitFor(() => expect(heardByTwo).toHaveBeenCalledWith(message));
      await flush();
      expect(heardByOne).not.toHaveBeenCalled();
    });

    it('uses the documented channel name', async () => {
      const tab = open();
      const raw = new BroadcastChannel(DEFAULT_CHANNEL_NAME);
      const heard = vi.fn();
      raw.onmessage = (event) => heard(event.data);
      tab.post(message);
      await vi.waitFor(() => expect(heard).toHaveBeenCalledWith(expect.objectContaining({ message })));
      raw.close();
    });

    it('ignores foreign shapes on the same channel', async () => {
      const tab = open();
      const heard = vi.fn();
      tab.subscribe(heard);
      const raw = new BroadcastChannel(DEFAULT_CHANNEL_NAME);
      raw.postMessage({ hello: 'world' });
      raw.postMessage({ sender: 'x', message: { type: 'other' } });
      await new Promise((resolve) => setTimeout(resolve, 20));
      expect(heard).not.toHaveBeenCalled();
      raw.close();
    });
  });

  it('keeps products with different channel names apart', async () => {
    const one = open({ channelName: 'product-a' });
    const two = open({ channelName: 'product-b' });
    const heard = vi.fn();
    two.subscribe(heard);
    one.post(message);
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(heard).not.toHaveBeenCalled();
  });

  it('stops hearing after close, and drops later posts', async () => {
    const one = open();
    const two = open();
    const heard = vi.fn();
    two.subscribe(heard);
    two.close();
    one.post(message);
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(heard).not.toHaveBeenCalled();
    expect(() => two.post(message)).not.toThrow();
  });

  it('does nothing when turned off', () => {
    const tab = open({ enabled: false });
    expect(tab.enabled).toBe(false);
    expect(() => tab.post(message)).not.toThrow();
    expect(typeof tab.subscribe(() => {})).toBe('function');
  });

  it('does nothing where BroadcastChannel is missing', () => {
    vi.stubGlobal('BroadcastChannel', undefined);
    const tab = open();
    expect(tab.enabled).toBe(false);
    expect(() => tab.post(message)).not.toThrow();
    expect(() => tab.close()).not.toThrow();
  });
});
