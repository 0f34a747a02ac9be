// A sorted list of (at, id) keys with binary search: what the memory store pages and inserts by,
// so a page costs the items it reads and never a sort or a full scan.
import type { PageKey } from './store';

/** Orders keys by (at, id) ascending. */
export function compareKeys(a: PageKey, b: PageKey): number {
  return a.at - b.at || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

/** Keys kept in ascending order. */
export class KeyIndex {
  private readonly keys: PageKey[] = [];

  /** How many keys it holds. */
  get size(): number {
    return this.keys.length;
  }

  /** The number of keys strictly below `key`. */
  private below(key: PageKey): number {
    let low = 0;
    let high = this.keys.length;
    while (low < high) {
      const mid = (low + high) >>> 1;
      if (compareKeys(this.keys[mid] as PageKey, key) < 0) low = mid + 1;
      else high = mid;
    }
    return low;
  }

  /** Adds a key where it belongs (usually at the end: new items are the newest). */
  insert(key: PageKey): void {
    const last = this.keys[this.keys.length - 1];
    if (!last || compareKeys(last, key) < 0) this.keys.push(key);
    else this.keys.splice(this.below(key), 0, key);
  }

  /** Removes a key (a rolled-back insert). */
  remove(key: PageKey): void {
    const at = this.below(key);
    const found = this.keys[at];
    if (found && compareKeys(found, key) === 0) this.keys.splice(at, 1);
  }

  /** Walks keys newest first from just below `before`, yielding until the caller stops. */
  *descending(before: PageKey | null): Generator<PageKey> {
    for (let i = (before ? this.below(before) : this.keys.length) - 1; i >= 0; i--) yield this.keys[i] as PageKey;
  }
}
