// Properties of redact on random values: it never throws, never lets a secret through, stays
// within 8 KiB when it cuts, is idempotent, and otherwise keeps every non-secret value.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isTruncatedBody, MAX_REDACTED_BYTES, redact, REDACTED } from '../redact';
import { isSecretKey } from '../secretKey';

const SECRET_KEYS = ['password', 'newPassword', 'x-auth-token', 'apiKey', 'api_key', 'session_id', 'cardNumber', 'otp', 'pin', 'client_secret', 'Authorization', 'jwt'];
const PLAIN_KEYS = ['name', 'author', 'footprint', 'spinner', 'passenger', 'tokenizer', 'keyboard', 'sessionName', 'cardinality', 'confirm', 'items', 'note'];

// Strings that show up both as secrets and elsewhere (a `confirm` echoing a password).
const SHARED = fc.constantFrom('hunter2', 'k-1', 'same');

const bytes = (value: unknown) => new TextEncoder().encode(JSON.stringify(value)).length;

// Secret values are marked so that any leak shows in a cut body's preview too.
const secretValue = fc.oneof(
  fc.uuid().map((id) => `S3CR3T-${id}`),
  fc.record({ value: fc.uuid().map((id) => `S3CR3T-${id}`), expires: fc.integer() }),
  fc.array(fc.uuid().map((id) => `S3CR3T-${id}`), { maxLength: 3 }),
);

// JSON bodies whose keys are often secret, nested to any shape.
const { body } = fc.letrec((tie) => ({
  body: fc.oneof({ depthSize: 'small', withCrossShrink: true }, fc.jsonValue({ maxDepth: 1 }), tie('object'), tie('array')),
  array: fc.array(tie('body'), { maxLength: 6 }),
  object: fc
    .array(
      fc.oneof(
        fc.tuple(fc.constantFrom(...PLAIN_KEYS), tie('body')),
        fc.tuple(fc.string(), tie('body')),
        fc.tuple(fc.constantFrom(...SECRET_KEYS), secretValue),
        fc.tuple(fc.constantFrom(...SECRET_KEYS, ...PLAIN_KEYS), fc.oneof(SHARED, fc.array(SHARED, { maxLength: 2 }))),
      ),
      { maxLength: 6 },
    )
    .map((entries) => Object.fromEntries(entries)),
}));

// A long chain of objects and arrays, thousands of levels deep, with secrets along the way.
const deepChain = fc
  .tuple(fc.integer({ min: 1, max: 20_000 }), fc.array(fc.constantFrom('object', 'array', 'secret'), { minLength: 1, maxLength: 8 }), fc.uuid())
  .map(([depth, pattern, id]) => {
    let value: unknown = { leaf: 'leaf', token: `S3CR3T-${id}` };
    for (let i = 0; i < depth; i += 1) {
      const step = pattern[i % pattern.length];
      value = step === 'array' ? [value, i] : step === 'secret' ? { password: `S3CR3T-${id}`, child: value } : { child: value };
    }
    return value;
  });

// Bodies over 8 KiB: long strings, many entries, secrets sprinkled in.
const bigBody = fc
  .tuple(fc.string({ unit: 'binary', minLength: 1, maxLength: 40 }), fc.integer({ min: 200, max: 3000 }), fc.uuid())
  .map(([text, count, id]) => ({
    items: Array.from({ length: count }, (_, i) => (i % 7 === 0 ? { password: `S3CR3T-${id}`, text } : { text, i })),
  }));

// The contract, written plainly for JSON values: what redact must return when the result fits.
function expected(value: unknown): unknown {
  const json = JSON.parse(JSON.stringify(value) ?? 'null') as unknown;
  const secrets = new Set<string>();
  const gather = (node: unknown): void => {
    if (typeof node === 'string' && node !== '') secrets.add(node);
    else if (node && typeof node === 'object') Object.values(node).forEach(gather);
  };
  const find = (node: unknown): void => {
    if (!node || typeof node !== 'object') return;
    for (const [key, child] of Object.entries(node)) {
      if (!Array.isArray(node) && isSecretKey(key)) gather(child);
      else find(child);
    }
  };
  find(json);
  const rebuild = (node: unknown): unknown => {
    if (typeof node === 'string') return secrets.has(node) ? REDACTED : node;
    if (Array.isArray(node)) return node.map(rebuild);
    if (node && typeof node === 'object') {
      return Object.fromEntries(Object.entries(node).map(([key, child]) => [key, isSecretKey(key) ? REDACTED : rebuild(child)]));
    }
    return node;
  };
  return rebuild(json);
}

// Every value under a secret key, at any depth of a plain result.
function secretValuesIn(node: unknown, out: unknown[] = []): unknown[] {
  const stack = [node];
  while (stack.length > 0) {
    const current = stack.pop();
    if (!current || typeof current !== 'object') continue;
    for (const [key, child] of Object.entries(current)) {
      if (!Array.isArray(current) && isSecretKey(key)) out.push(child);
      stack.push(child);
    }
  }
  return out;
}

function assertNoSecret(output: unknown) {
  if (isTruncatedBody(output)) {
    expect(output.preview).not.toContain('S3CR3T');
    expect(bytes(output)).toBeLessThanOrEqual(MAX_REDACTED_BYTES);
  } else {
    expect(secretValuesIn(output).every((value) => value === REDACTED)).toBe(true);
    expect(JSON.stringify(output) ?? '').not.toContain('S3CR3T');
  }
}

describe('redact, on random values', () => {
  it('never throws, whatever the value', () => {
    const anything = fc.anything({
      maxDepth: 6,
      withBigInt: true,
      withBoxedValues: true,
      withDate: true,
      withMap: true,
      withSet: true,
      withNullPrototype: true,
      withObjectString: true,
      withSparseArray: true,
      withTypedArray: true,
      withUnicodeString: true,
    });
    fc.assert(
      fc.property(anything, (value) => {
        const output = redact(value);
        expect(bytes(output)).toBeLessThanOrEqual(MAX_REDACTED_BYTES);
      }),
      { numRuns: 300 },
    );
  });

  it('never lets a secret value through, cut or not', () => {
    fc.assert(fc.property(fc.oneof(body, bigBody), (value) => assertNoSecret(redact(value))), { numRuns: 300 });
  });

  it('never lets a secret through thousands of levels down, and never overflows the stack', () => {
    fc.assert(fc.property(deepChain, (value) => assertNoSecret(redact(value))), { numRuns: 40 });
  });

  it('weighs at most 8 KiB serialised when it cuts, and measures the whole body', () => {
    fc.assert(
      fc.property(bigBody, (value) => {
        const output = redact(value);
        const whole = expected(value);
        expect(isTruncatedBody(output)).toBe(bytes(whole) > MAX_REDACTED_BYTES);
        if (!isTruncatedBody(output)) return;
        expect(bytes(output)).toBeLessThanOrEqual(MAX_REDACTED_BYTES);
        expect(output.originalBytes).toBe(bytes(whole));
        // The preview is the start of the redacted JSON.
        expect(JSON.stringify(whole).startsWith(output.preview)).toBe(true);
      }),
      { numRuns: 60 },
    );
  });

  it('is idempotent on its own output', () => {
    fc.assert(
      fc.property(fc.oneof(body, bigBody, fc.jsonValue()), (value) => {
        const once = redact(value);
        expect(redact(once)).toEqual(once);
      }),
      { numRuns: 300 },
    );
  });

  it('keeps every non-secret value when the body fits', () => {
    fc.assert(
      fc.property(fc.oneof(body, fc.jsonValue()), (value) => {
        const want = expected(value);
        fc.pre(bytes(want) <= MAX_REDACTED_BYTES);
        expect(redact(value)).toEqual(want);
      }),
      { numRuns: 500 },
    );
  });
});
