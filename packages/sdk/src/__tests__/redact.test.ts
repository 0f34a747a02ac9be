import { describe, expect, it } from 'vitest';
import { CIRCULAR, isTruncatedBody, MAX_MEASURED_BYTES, MAX_REDACT_DEPTH, MAX_REDACTED_BYTES, redact, REDACTED, UNREADABLE } from '../redact';
import { isSecretKey } from '../secretKey';

describe('redact', () => {
  describe('given secret keys', () => {
    it.each([
      'password',
      'Password',
      'PASSWORD',
      'pass',
      'newPassword',
      'clientSecret',
      'token',
      'refresh_token',
      'x-auth-token',
      'api_key',
      'api-key',
      'apiKey',
      'APIKEY',
      'Authorization',
      'cookie',
      'Set-Cookie',
      'otp',
      'ssn',
      'card_number',
      'creditCard',
    ])('hides the value of "%s"', (key) => {
      expect(isSecretKey(key)).toBe(true);
      expect(redact({ [key]: 'hunter2', keep: 'visible' })).toEqual({ [key]: REDACTED, keep: 'visible' });
    });

    it('hides a secret whatever its value is, objects included', () => {
      expect(redact({ token: { value: 'abc', expires: 3600 }, password: null, otp: 123456 })).toEqual({
        token: REDACTED,
        password: REDACTED,
        otp: REDACTED,
      });
    });

    it('hides secrets at any depth, in objects and arrays', () => {
      const input = {
        user: { name: 'Alice', login: { password: 'p', apiKey: 'k' } },
        headers: [{ Authorization: 'Bearer x' }, { accept: 'json' }],
        list: [[{ card_number: '4111' }]],
      };
      expect(redact(input)).toEqual({
        user: { name: 'Alice', login: { password: REDACTED, apiKey: REDACTED } },
        headers: [{ Authorization: REDACTED }, { accept: 'json' }],
        list: [[{ card_number: REDACTED }]],
      });
    });
  });

  describe('given values that look secret but sit under ordinary keys', () => {
    it('leaves them alone: only keys decide', () => {
      const input = { note: 'my password is hunter2', tags: ['token', 'secret'], name: 'api_key' };
      expect(redact(input)).toEqual(input);
    });

    it('leaves ordinary keys and scalars untouched', () => {
      expect(redact({ name: 'Q4', count: 3, active: true, missing: null })).toEqual({ name: 'Q4', count: 3, active: true, missing: null });
      expect(redact('plain')).toBe('plain');
      expect(redact(42)).toBe(42);
      expect(redact(null)).toBeNull();
      expect(redact(undefined)).toBeNull();
    });
  });

  it('never mutates its input', () => {
    const input = { password: 'p', nested: { token: 't', list: [{ secret: 's' }] } };
    const before = structuredClone(input);
    const output = redact(input);
    expect(input).toEqual(before);
    expect(output).not.toBe(input);
  });

  describe('given cyclic values', () => {
    it('marks the cycle instead of looping forever', () => {
      const node: Record<string, unknown> = { name: 'root', token: 't' };
      node.self = node;
      node.children = [node];
      expect(redact(node)).toEqual({ name: 'root', token: REDACTED, self: CIRCULAR, children: [CIRCULAR] });
    });

    it('does not mistake the same object twice side by side for a cycle', () => {
      const shared = { id: 1 };
      expect(redact({ a: shared, b: shared })).toEqual({ a: { id: 1 }, b: { id: 1 } });
    });
  });

  describe('given bodies over 8 KiB', () => {
    it('keeps a body right at the limit whole', () => {
      // {"x":"…"} adds 8 bytes around the string.
      const body = { x: 'a'.repeat(MAX_REDACTED_BYTES - 8) };
      expect(redact(body)).toEqual(body);
    });

    it('cuts a longer one and says how big it was', () => {
      const output = redact({ x: 'a'.repeat(MAX_REDACTED_BYTES) });
      expect(isTruncatedBody(output)).toBe(true);
      expect(output).toMatchObject({ truncated: true, originalBytes: MAX_REDACTED_BYTES + 8 });
    });

    it('cuts a multi-byte string on a character boundary, never leaving half a character', () => {
      // "€" is three bytes: 8192 bytes end in the middle of one.
      const output = redact({ text: '€'.repeat(3_000), password: 'p' });
      if (!isTruncatedBody(output)) throw new Error('expected a cut body');
      expect(output.originalBytes).toBe(new TextEncoder().encode(JSON.stringify({ text: '€'.repeat(3_000), password: REDACTED })).length);
      expect(new TextEncoder().encode(output.preview).length).toBeLessThanOrEqual(MAX_REDACTED_BYTES);
      expect(output.preview).toMatch(/^\{"text":"(€)+$/);
      expect(output.preview).not.toContain('\uFFFD');
    });

    it('redacts before cutting, so no secret reaches the preview', () => {
      const output = redact({ password: 'hunter2', filler: 'x'.repeat(MAX_REDACTED_BYTES) });
      if (!isTruncatedBody(output)) throw new Error('expected a cut body');
      expect(output.preview).not.toContain('hunter2');
      expect(output.preview).toContain(REDACTED);
    });
  });

  describe('given a string that echoes a secret', () => {
    it('redacts it wherever it is in the body', () => {
      const body = { password: 'hunter2', confirm: 'hunter2', profile: { notes: ['hunter2', 'keep'] }, other: 'hunter22' };
      expect(redact(body)).toEqual({ password: REDACTED, confirm: REDACTED, profile: { notes: [REDACTED, 'keep'] }, other: 'hunter22' });
    });

    it('knows a secret that comes after its echo, and one nested in a secret value', () => {
      expect(redact({ repeat: 's3cr3t', login: { secret: 's3cr3t' } })).toEqual({ repeat: REDACTED, login: { secret: REDACTED } });
      expect(redact({ credentials: { user: 'x', key: 'k-123' }, echo: 'k-123' })).toEqual({ credentials: REDACTED, echo: REDACTED });
    });

    it('does not turn empty strings into echoes of an empty secret', () => {
      expect(redact({ password: '', name: '' })).toEqual({ password: REDACTED, name: '' });
    });

    it('redacts an echo inside the preview of a cut body', () => {
      const output = redact({ confirm: 'hunter2', filler: 'x'.repeat(MAX_REDACTED_BYTES), password: 'hunter2' });
      if (!isTruncatedBody(output)) throw new Error('expected a cut body');
      expect(output.preview).toContain(`"confirm":"${REDACTED}"`);
      expect(output.preview).not.toContain('hunter2');
    });
  });

  describe('given what JSON.stringify would write differently', () => {
    it('writes the JSON form: toJSON applied, boxes opened, NaN as null, holes as null, the unwritable dropped', () => {
      const input = {
        at: new Date(0),
        big: 12345678901234567890n,
        boxed: [new String('s'), new Number(1), new Boolean(false)],
        numbers: [NaN, Infinity, -0],
        list: [undefined, () => 1, Symbol('s')],
        gone: undefined,
        fn: () => 1,
        custom: { toJSON: (key: string) => `from toJSON under "${key}"` },
      };
      expect(redact(input)).toEqual({
        at: '1970-01-01T00:00:00.000Z',
        big: '12345678901234567890',
        boxed: ['s', 1, false],
        numbers: [null, null, 0],
        list: [null, null, null],
        custom: 'from toJSON under "custom"',
      });
    });

    it('redacts an echo under a "__proto__" key too', () => {
      const output = redact(JSON.parse('{"__proto__":"hunter2","password":"hunter2"}')) as Record<string, unknown>;
      expect(Object.getOwnPropertyDescriptor(output, '__proto__')?.value).toBe(REDACTED);
    });

    it('keeps a "__proto__" key as data, never as a prototype', () => {
      const output = redact(JSON.parse('{"__proto__":{"token":"t","polluted":true}}')) as Record<string, unknown>;
      expect(Object.keys(output)).toEqual(['__proto__']);
      expect(Object.getPrototypeOf(output)).toBe(Object.prototype);
      expect(output.__proto__).toEqual({ token: REDACTED, polluted: true });
      expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    });

    it('turns Maps and Sets into what JSON.stringify writes for them, and typed arrays into arrays', () => {
      expect(redact({ map: new Map([['token', 'x']]), set: new Set(['x']), bytes: new Uint8Array([1, 2]), view: new DataView(new ArrayBuffer(2)) })).toEqual({
        map: {},
        set: {},
        bytes: [1, 2],
        view: [],
      });
    });

    it('walks a huge typed array by index, never listing its keys, and cuts it', () => {
      const output = redact({ bytes: new Uint8Array(5_000_000) });
      if (!isTruncatedBody(output)) throw new Error('expected a cut body');
      expect(output.preview.startsWith('{"bytes":[0,0,0,')).toBe(true);
    });
  });

  describe('given hostile values', () => {
    it('never throws, and marks what it could not read', () => {
      const throwing = Object.defineProperty({ name: 'ok' }, 'broken', {
        enumerable: true,
        get() {
          throw new Error('boom');
        },
      });
      const badToJSON = { toJSON: () => { throw new Error('boom'); } };
      const revoked = Proxy.revocable({}, {});
      revoked.revoke();
      const trapping = new Proxy({}, { ownKeys: () => { throw new Error('boom'); } });
      expect(redact({ throwing, badToJSON, revoked: revoked.proxy, trapping })).toEqual({
        throwing: { name: 'ok', broken: UNREADABLE },
        badToJSON: UNREADABLE,
        revoked: UNREADABLE,
        trapping: UNREADABLE,
      });
      expect(redact(revoked.proxy)).toBe(UNREADABLE);
      expect(redact(Symbol('s'))).toBeNull();
      expect(redact(() => 1)).toBeNull();
      expect(redact(10n)).toBe('10');
    });

    it('never reads a throwing secret into the output, and never throws on it', () => {
      const body = Object.defineProperty({}, 'password', {
        enumerable: true,
        get() {
          throw new Error('boom');
        },
      });
      expect(redact(body)).toEqual({ password: REDACTED });
    });

    it('walks a Proxy that invents children without end, and cuts it', () => {
      const endless: object = new Proxy({}, { ownKeys: () => ['next'], getOwnPropertyDescriptor: () => ({ enumerable: true, configurable: true }), get: () => new Proxy({}, handler) });
      const handler: ProxyHandler<object> = { ownKeys: () => ['next'], getOwnPropertyDescriptor: () => ({ enumerable: true, configurable: true }), get: () => new Proxy({}, handler) };
      const output = redact(endless);
      if (!isTruncatedBody(output)) throw new Error('expected a cut body');
      expect(output.preview.startsWith('{"next":{"next":')).toBe(true);
      expect(JSON.stringify(output).length).toBeLessThanOrEqual(MAX_REDACTED_BYTES);
    });

    it('stops measuring an array that claims an absurd length, and cuts it', () => {
      const huge = new Proxy([], { get: (target, key) => (key === 'length' ? 2 ** 53 : Reflect.get(target, key)) });
      const output = redact({ items: huge });
      if (!isTruncatedBody(output)) throw new Error('expected a cut body');
      expect(output.originalBytes).toBeGreaterThan(MAX_MEASURED_BYTES);
      expect(output.preview.startsWith('{"items":[null,null,')).toBe(true);
    });
  });

  describe('given very deep values', () => {
    const nest = (depth: number, wrap: (inner: unknown) => unknown) => {
      let value: unknown = { password: 'deep' };
      for (let i = 0; i < depth; i += 1) value = wrap(value);
      return value;
    };

    it.each([
      ['objects', (inner: unknown) => ({ a: inner })],
      ['arrays', (inner: unknown) => [inner]],
    ])('redacts 10,000 levels of %s without a stack overflow, and cuts them', (_, wrap) => {
      const output = redact(nest(10_000, wrap));
      if (!isTruncatedBody(output)) throw new Error('expected a cut body');
      expect(JSON.stringify(output).length).toBeLessThanOrEqual(MAX_REDACTED_BYTES);
    });

    it('redacts a secret 100,000 levels down, and marks the cut', () => {
      const output = redact(nest(100_000, (inner) => [inner]));
      if (!isTruncatedBody(output)) throw new Error('expected a cut body');
      expect(output.preview).toMatch(/^\[\[\[/);
      expect(output.preview).not.toContain('deep');
    });

    it(`keeps a deep value that fits whole, up to ${MAX_REDACT_DEPTH} levels`, () => {
      const value = nest(MAX_REDACT_DEPTH, (inner) => [inner]);
      expect(JSON.stringify(redact(value))).toBe(JSON.stringify(value).replace('"deep"', `"${REDACTED}"`));
    });

    it('cuts a small body that nests deeper than that, where the nesting goes too deep, and marks it', () => {
      const output = redact(nest(MAX_REDACT_DEPTH + 100, (inner) => [inner]));
      if (!isTruncatedBody(output)) throw new Error('expected a cut body');
      expect(output.preview).toBe(`${'['.repeat(MAX_REDACT_DEPTH + 1)}"…"${']'.repeat(MAX_REDACT_DEPTH + 1)}`);
    });
  });

  describe('its cost', () => {
    // Every object is a Proxy that counts each time redact looks into it; a walk that re-reads
    // its path (the old path.includes and spread per level) or a node twice would show.
    function countingChain(depth: number) {
      let touches = 0;
      const count = <T extends object>(target: T): T =>
        new Proxy(target, {
          get: (t, key, receiver) => ((touches += 1), Reflect.get(t, key, receiver)),
          ownKeys: (t) => ((touches += 1), Reflect.ownKeys(t)),
          getOwnPropertyDescriptor: (t, key) => ((touches += 1), Reflect.getOwnPropertyDescriptor(t, key)),
          has: (t, key) => ((touches += 1), Reflect.has(t, key)),
        });
      let value: object = count({ token: 't', leaf: true });
      for (let i = 0; i < depth; i += 1) value = count(i % 2 ? { child: value, n: i } : [value, i]);
      return { value, touches: () => touches };
    }

    it('touches each value a fixed number of times, however deep the body', () => {
      const small = countingChain(1_000);
      redact(small.value);
      const large = countingChain(10_000);
      redact(large.value);
      expect(small.touches()).toBeGreaterThan(1_000);
      // Ten times the nodes, ten times the touches (give or take the leaf).
      expect(large.touches()).toBeLessThanOrEqual(10 * small.touches() + 20);
    });

    it('reads a getter exactly once', () => {
      let reads = 0;
      const items = Array.from({ length: 5_000 }, (_, i) =>
        Object.defineProperty({}, 'value', {
          enumerable: true,
          get: () => ((reads += 1), i),
        }),
      );
      redact({ items });
      expect(reads).toBe(5_000);
    });
  });

  describe('the cut body', () => {
    it.each([
      ['quotes and backslashes, which double once the preview is a JSON string', '"\\'.repeat(5_000)],
      ['control characters, six bytes each escaped', '\u0001'.repeat(5_000)],
      ['astral characters', '\u{1F600}'.repeat(5_000)],
      ['lone surrogates', '\uD800'.repeat(5_000)],
    ])('weighs at most 8 KiB serialised, whatever the text: %s', (_, text) => {
      const output = redact({ text });
      if (!isTruncatedBody(output)) throw new Error('expected a cut body');
      const stored = new TextEncoder().encode(JSON.stringify(output)).length;
      expect(stored).toBeLessThanOrEqual(MAX_REDACTED_BYTES);
      expect(stored).toBeGreaterThan(MAX_REDACTED_BYTES - 64);
      expect(output.originalBytes).toBe(new TextEncoder().encode(JSON.stringify({ text })).length);
      expect(output.preview).not.toMatch(/[\uD800-\uDBFF]$/);
    });

    it('is left as it is when redacted again', () => {
      const once = redact({ password: 'p', filler: 'x'.repeat(20_000) });
      expect(redact(once)).toEqual(once);
    });
  });

  it('isTruncatedBody recognises only the cut marker', () => {
    expect(isTruncatedBody({ truncated: true, originalBytes: 9000, preview: '{' })).toBe(true);
    expect(isTruncatedBody({ truncated: true })).toBe(false);
    expect(isTruncatedBody({ name: 'x' })).toBe(false);
    expect(isTruncatedBody(null)).toBe(false);
  });
});
