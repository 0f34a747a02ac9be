// Where the mock's state is kept between requests: nowhere (memory), or localStorage so several
// tabs share one backend. Persisted, each request adopts the stored state first and writes its own back.
import type { MockState } from './types';

/** The part of the Web Storage API the mock uses. */
export interface StorageLike {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
}

/** Where the mock keeps its state. */
export type PersistMode = 'memory' | 'localStorage';

function defaultStorage(): StorageLike | null {
  try {
    // Reading `localStorage` throws in some sandboxed frames; Node has none.
    return typeof globalThis.localStorage === 'undefined' ? null : globalThis.localStorage;
  } catch {
    return null;
  }
}

function isMockState(value: unknown): value is MockState {
  return typeof value === 'object' && value !== null && (value as { version?: unknown }).version === 2 && Array.isArray((value as { events?: unknown }).events);
}

/** The stored copy of the state, read only when another instance changed it. */
export class PersistedState {
  private readonly storage: StorageLike | null;
  private lastJson: string | null = null;
  private warned = false;

  constructor(
    persist: PersistMode,
    private readonly key: string,
    storage?: StorageLike,
  ) {
    this.storage = persist === 'localStorage' ? (storage ?? defaultStorage()) : null;
  }

  /** True when the state is kept in a storage shared beyond this instance. */
  get persisted(): boolean {
    return this.storage !== null;
  }

  /** The stored state when it differs from what this instance last read or wrote, else null. */
  readIfChanged(): MockState | null {
    if (!this.storage) return null;
    let json: string | null;
    try {
      json = this.storage.getItem(this.key);
    } catch {
      return null;
    }
    if (json === null || json === this.lastJson) return null;
    try {
      const parsed: unknown = JSON.parse(json);
      if (!isMockState(parsed)) return null;
      this.lastJson = json;
      return parsed;
    } catch {
      // A corrupt entry is overwritten by the next save.
      return null;
    }
  }

  /** Stores `state` (if it changed); a failing storage leaves the mock serving from memory. */
  write(state: MockState): void {
    if (!this.storage) return;
    const json = JSON.stringify(state);
    if (json === this.lastJson) return;
    try {
      this.storage.setItem(this.key, json);
      this.lastJson = json;
    } catch (error) {
      if (!this.warned) console.warn('[mock-api] could not persist state:', error);
      this.warned = true;
    }
  }
}
