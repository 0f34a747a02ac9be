import { describe, expect, it } from 'vitest';
import { isSecretKey } from '../secretKey';

describe('isSecretKey', () => {
  it.each([
    'Password',
    'x-auth-token',
    'accessKey',
    'private_key',
    'cardNumber',
    'otp_code',
    'jwt',
    'pin',
    'X-API-KEY',
    'apiKey',
    'APIKey',
    'api_key',
    'api.key',
    'api key',
    'apikey',
    'session_id',
    'sessionId',
    'SESSIONID',
    'client_secret',
    'newPassword',
    'passwd',
    'passphrase',
    'Authorization',
    'auth',
    'cookie',
    'cvv',
    'cvc',
    'ssn',
    'credential',
    'credentials',
    'signature',
    'refresh_tokens',
    'api_keys',
    'Set-Cookie',
    'user.password',
    'pin2',
    'X-CSRF-Token',
  ])('"%s" is secret', (key) => {
    expect(isSecretKey(key)).toBe(true);
  });

  it.each([
    'footprint',
    'author',
    'authorId',
    'spinner',
    'passenger',
    'tokenizer',
    'keyboard',
    'sessionName',
    'session',
    'cardinality',
    'access',
    'private',
    'key',
    'id',
    'apiVersion',
    'compass',
    'pinned',
    'status',
    '',
    '___',
  ])('"%s" is not', (key) => {
    expect(isSecretKey(key)).toBe(false);
  });

  it('takes two words together only when they are adjacent', () => {
    expect(isSecretKey('accessKey')).toBe(true);
    expect(isSecretKey('access_level_key')).toBe(false);
    expect(isSecretKey('sessionUserId')).toBe(false);
  });
});
