import { describe, expect, it } from 'vitest';
import { redact } from '@impersonate-kit/sdk';
import { bodyText } from '../components/bodyText';

/** `depth` arrays, each holding the next. */
function nestedArrays(depth: number): unknown {
  return JSON.parse('['.repeat(depth) + ']'.repeat(depth));
}

describe('bodyText', () => {
  it('indents an ordinary body as JSON.stringify does', () => {
    const body = { user: 'alice', tags: ['a', 'b'], nested: { ok: true, none: null, n: 1.5 }, empty: [], blank: {} };
    expect(bodyText(body)).toBe(JSON.stringify(body, null, 2));
  });

  it('writes leaves as JSON does', () => {
    expect(bodyText(null)).toBe('null');
    expect(bodyText('a "quoted" line\n')).toBe('"a \\"quoted\\" line\\n"');
    expect(bodyText(42)).toBe('42');
  });

  it('escapes lone surrogates instead of writing broken text', () => {
    expect(bodyText({ note: '\ud800x\udfff' })).toBe('{\n  "note": "\\ud800x\\udfff"\n}');
  });

  it('indents a body sixteen levels deep', () => {
    expect(bodyText(nestedArrays(16))).toBe(JSON.stringify(nestedArrays(16), null, 2));
  });

  describe('given a body nested deeper than a person reads', () => {
    it('writes 500 nested arrays (the most the redaction keeps) compact: 1,000 characters, not 500,000', () => {
      const body = redact(nestedArrays(500));
      expect(JSON.stringify(body, null, 2).length).toBeGreaterThan(250_000);
      expect(bodyText(body)).toBe('['.repeat(500) + ']'.repeat(500));
    });

    it('counts only brackets outside strings', () => {
      const body = { text: '['.repeat(40) + '\\"{{{{', list: [[['a']]] };
      expect(bodyText(body)).toBe(JSON.stringify(body, null, 2));
    });
  });
});
