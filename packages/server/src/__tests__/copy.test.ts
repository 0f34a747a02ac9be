// The memory store's record copies: deep, equal, and never sharing or losing anything.
import { describe, expect, it } from 'vitest';
import { deepCopy } from '../copy';

describe('deepCopy', () => {
  it('copies nested plain objects and arrays so changing the copy leaves the original alone', () => {
    const original = { id: 'evt_1', actor: { id: 'u_a', roles: ['admin'] }, request: { body: { items: [{ n: 1 }, null, 'x', true] } } };
    const copy = deepCopy(original);
    expect(copy).toEqual(original);
    copy.actor.roles.push('owner');
    (copy.request.body.items[0] as { n: number }).n = 2;
    expect(original.actor.roles).toEqual(['admin']);
    expect(original.request.body.items[0]).toEqual({ n: 1 });
  });

  it('keeps an own "__proto__" key as data and never changes the prototype', () => {
    const hostile = JSON.parse('{"__proto__":{"isAdmin":true},"name":"x"}') as Record<string, unknown>;
    const copy = deepCopy(hostile);
    expect(Object.getPrototypeOf(copy)).toBe(Object.prototype);
    expect(Object.keys(copy)).toEqual(['__proto__', 'name']);
    expect((copy as { isAdmin?: unknown }).isAdmin).toBeUndefined();
    expect(JSON.stringify(copy)).toBe('{"__proto__":{"isAdmin":true},"name":"x"}');
  });

  it('copies values that are not plain JSON (a Date, a Map) as structuredClone does', () => {
    const at = new Date('2026-03-02T09:00:00.000Z');
    const copy = deepCopy({ at, tags: new Map([['a', 1]]) });
    expect(copy.at).toBeInstanceOf(Date);
    expect(copy.at).not.toBe(at);
    expect(copy.at.getTime()).toBe(at.getTime());
    expect(copy.tags.get('a')).toBe(1);
  });
});
