import { describe, expect, it } from 'vitest';
import { CIRCULAR, isTruncatedBody, MAX_REDACTED_BYTES, redact, REDACTED, SECRET_KEY_PATTERN } from '../redact';

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
      expect(SECRET_KEY_PATTERN.test(key)).toBe(true);
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
        user: { name: 'Alice', credentials: { password: 'p', apiKey: 'k' } },
        headers: [{ Authorization: 'Bearer x' }, { accept: 'json' }],
        list: [[{ card_number: '4111' }]],
      };
      expect(redact(input)).toEqual({
        user: { name: 'Alice', credentials: { password: REDACTED, apiKey: REDACTED } },
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

  it('isTruncatedBody recognises only the cut marker', () => {
    expect(isTruncatedBody({ truncated: true, originalBytes: 9000, preview: '{' })).toBe(true);
    expect(isTruncatedBody({ truncated: true })).toBe(false);
    expect(isTruncatedBody({ name: 'x' })).toBe(false);
    expect(isTruncatedBody(null)).toBe(false);
  });
});
