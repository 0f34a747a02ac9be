import { describe, expect, it } from 'vitest';
import { REDACTED } from '../redact';
import { redactPath } from '../redactPath';

describe('redactPath', () => {
  it('returns a path without a query as is', () => {
    expect(redactPath('/api/app/projects')).toBe('/api/app/projects');
    expect(redactPath('/reset/%E0%A4%A')).toBe('/reset/%E0%A4%A');
  });

  it('redacts the values of secret parameters and keeps the rest byte for byte', () => {
    expect(redactPath('/api/app/projects?token=abc&name=Q4%20plan&api_key=k1&page=2')).toBe(
      `/api/app/projects?token=${REDACTED}&name=Q4%20plan&api_key=${REDACTED}&page=2`,
    );
  });

  it('judges a parameter by its decoded name, as a server reads it', () => {
    expect(redactPath('/x?api%5Fkey=k&access+key=a&pass%77ord=p')).toBe(`/x?api%5Fkey=${REDACTED}&access+key=${REDACTED}&pass%77ord=${REDACTED}`);
  });

  it('redacts every occurrence of a repeated parameter, and an empty value too', () => {
    expect(redactPath('/x?otp=1&otp=2&sessionId=')).toBe(`/x?otp=${REDACTED}&otp=${REDACTED}&sessionId=${REDACTED}`);
  });

  it('leaves words that only contain a secret word alone', () => {
    expect(redactPath('/x?author=ada&spinner=on&tokenizer=bpe')).toBe('/x?author=ada&spinner=on&tokenizer=bpe');
  });

  it('never throws on malformed percent-encoding, and still finds the secret', () => {
    expect(() => redactPath('/x?%E0%A4%A=1&%=2&password%=3')).not.toThrow();
    expect(redactPath('/x?%E0%A4%A=1&%=2&password%=3&pass%77ord%ZZ=4')).toBe(`/x?%E0%A4%A=1&%=2&password%=${REDACTED}&pass%77ord%ZZ=${REDACTED}`);
  });

  it('keeps a fragment and a parameter without a value as they are', () => {
    expect(redactPath('/x?token&secret=s#frag')).toBe(`/x?token&secret=${REDACTED}#frag`);
  });
});
