// Where the state lives: in memory, or in localStorage so several tabs share one backend.
// Persisted, every request re-reads the stored state first and writes it back if it changed;
// requests are handled synchronously, so a read-change-write never interleaves with another tab's.
import { Db } from './db';
import type { MockState } from './types';

/** The part of the Web Storage API the mock uses. */
export interface StorageLike {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
}

/** Where the mock keeps its state. */
export type PersistMode = 'memory' | 'localStorage';

/** How a Store is set up. */
export interface StoreOptions {
  persist: PersistMode;
  storageKey: string;
  /** Defaults to `globalThis.localStorage` when persisting. */
  storage?: StorageLike;
  initial: MockState;
}

function defaultStorage(): StorageLike | null {
  try {
    // Reading `localStorage` throws in some sandboxed frames; Node has none.
    return typeof globalThis.localStorage === 'undefined' ? null : globalThis.localStorage;
  } catch {
    return null;
  }
}

function isMockState(value: unknown): value is MockState {
  return typeof value === 'object' && value !== null && (value as { version?: unknown }).version === 1 && Array.isArray((value as { events?: unknown }).events);
}

/** Holds the state and its indexes; persists them when asked to. */
export class Store {
  private db: Db;
  private readonly storage: StorageLike | null;
  private readonly key: string;
  private lastJson: string | null = null;
  private warned = false;

  constructor(options: StoreOptions) {
    this.storage = options.persist === 'localStorage' ? (options.storage ?? defaultStorage()) : null;
    this.key = options.storageKey;
    this.db = new Db(options.initial);
    // A stored backend wins over a fresh one: reloading the page keeps its sessions.
    if (this.storage) {
      this.load();
      this.save();
    }
  }

  /** True when the state is kept in a storage shared beyond this instance. */
  get persisted(): boolean {
    return this.storage !== null;
  }

  /** Runs `fn` on the freshest state and saves whatever it changed, even when it throws. */
  transact<T>(fn: (db: Db) => T): T {
    this.load();
    try {
      return fn(this.db);
    } finally {
      this.save();
    }
  }

  /** Reads the freshest state without writing. */
  peek<T>(fn: (db: Db) => T): T {
    this.load();
    return fn(this.db);
  }

  /** Replaces the whole state (reset, preset switch). */
  replace(state: MockState): void {
    this.db = new Db(state);
    this.save();
  }

  /** A deep copy of the current state. */
  snapshot(): MockState {
    this.load();
    return structuredClone(this.db.state);
  }

  private load(): void {
    if (!this.storage) return;
    let json: string | null;
    try {
      json = this.storage.getItem(this.key);
    } catch {
      return;
    }
    if (json === null || json === this.lastJson) return;
    try {
      const parsed: unknown = JSON.parse(json);
      if (isMockState(parsed)) {
        this.db = new Db(parsed);
        this.lastJson = json;
      }
    } catch {
      // A corrupt entry is overwritten by the next save.
    }
  }

  private save(): void {
    if (!this.storage) return;
    const json = JSON.stringify(this.db.state);
    if (json === this.lastJson) return;
    try {
      this.storage.setItem(this.key, json);
      this.lastJson = json;
    } catch (error) {
      // Quota exceeded or storage disabled: keep serving from memory.
      if (!this.warned) console.warn('[mock-api] could not persist state:', error);
      this.warned = true;
    }
  }
}
