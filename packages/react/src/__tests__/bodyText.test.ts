import { describe, expect, it } from 'vitest';
import { MAX_BODY_CHARS, bodyText } from '../components/bodyText';

/** `depth` arrays, each holding the next: what a hostile body nests. */
function nestedArrays(depth: number): unknown {
  return JSON.parse('['.repeat(depth) + ']'.repeat(depth));
}

describe('bodyText', () => {
  it('writes an ordinary body as JSON.stringify indents it', () => {
    const body = { user: 'alice', tags: ['a', 'b'], nested: { ok: true, none: null, n: 1.5 }, empty: [], blank: {} };
    expect(bodyText(body)).toEqual({ text: JSON.stringify(body, null, 2), shortened: false });
  });

  it('writes leaves as JSON does', () => {
    expect(bodyText(null).text).toBe('null');
    expect(bodyText('a "quoted" line\n').text).toBe('"a \\"quoted\\" line\\n"');
    expect(bodyText(42).text).toBe('42');
    expect(bodyText(false).text).toBe('false');
  });

  it('escapes lone surrogates instead of writing broken text', () => {
    expect(bodyText({ note: '\ud800x\udfff' }).text).toBe('{\n  "note": "\\ud800x\\udfff"\n}');
  });

  describe('given 3,000 nested arrays (6,000 bytes, under the 8 KiB cut)', () => {
    it('writes all of them in text that grows linearly, not 18 million characters', () => {
      const { text, shortened } = bodyText(nestedArrays(3000));
      expect(shortened).toBe(false);
      expect(text.replace(/\s/g, '')).toBe('['.repeat(3000) + ']'.repeat(3000));
      expect(text.length).toBeLessThan(6000 + 200);
    });
  });

  describe('given 200,000 nested arrays (deeper than JSON.stringify can go)', () => {
    it('writes what fits without overflowing the stack, and says it shortened it', () => {
      const { text, shortened } = bodyText(nestedArrays(200_000));
      expect(shortened).toBe(true);
      expect(text).toHaveLength(MAX_BODY_CHARS);
    });
  });

  describe('given a deep object', () => {
    it('writes it without recursion', () => {
      let deep: unknown = 'bottom';
      for (let i = 0; i < 50_000; i += 1) deep = { a: deep };
      const { text, shortened } = bodyText(deep);
      expect(shortened).toBe(true);
      expect(text.startsWith('{\n  "a": {\n    "a": {')).toBe(true);
      expect(text).toContain('{"a":{"a":');
    });
  });

  describe('given a huge string', () => {
    it('escapes only what can be shown', () => {
      const { text, shortened } = bodyText({ notes: 'x'.repeat(5_000_000) });
      expect(shortened).toBe(true);
      expect(text).toHaveLength(MAX_BODY_CHARS);
      expect(/^\{\n {2}"notes": "x+$/.test(text)).toBe(true);
    });
  });

  it('shows whole the body within 8 KiB that grows most when written out', () => {
    // 4,080 zeros eight levels deep: each one gets a line of its own, indented 16 spaces.
    const raw = '['.repeat(8) + Array.from({ length: 4080 }, () => '0').join(',') + ']'.repeat(8);
    expect(raw.length).toBeLessThanOrEqual(8 * 1024);
    const { text, shortened } = bodyText(JSON.parse(raw));
    expect(shortened).toBe(false);
    expect(text.replace(/\s/g, '')).toBe(raw);
  });

  it('keeps a body of exactly the limit whole', () => {
    const body = 'y'.repeat(MAX_BODY_CHARS - 2);
    expect(bodyText(body)).toEqual({ text: `"${body}"`, shortened: false });
  });
});
