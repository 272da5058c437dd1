import { ConfigError, parseConfig } from '../src/config';
import { readSession } from '../src/session';

describe("the storefront's config.json", () => {
  it('gives the API URL without a trailing slash', () => {
    expect(parseConfig({ apiUrl: 'https://api.example.com/' })).toEqual({ apiUrl: 'https://api.example.com' });
  });

  it.each([undefined, null, {}, { apiUrl: 3 }, { apiUrl: 'javascript:alert(1)' }, { apiUrl: 'https://' }])('refuses %p, saying what is wrong', (body) => {
    expect(() => parseConfig(body)).toThrow(new ConfigError('config.json names no apiUrl (an http or https URL).'));
  });
});

describe('the session kept in the browser', () => {
  const storage = (value: string | null) => ({ getItem: () => value });

  it('reads a stored session', () => {
    const session = { accessToken: 'a', refreshToken: 'r', expiresAt: 1 };
    expect(readSession(storage(JSON.stringify({ ...session, extra: true })))).toEqual(session);
  });

  it.each([null, 'not json', '{}', '{"accessToken":"a","refreshToken":"r","expiresAt":"soon"}'])('takes %p for no session', (stored) => {
    expect(readSession(storage(stored))).toBeUndefined();
  });
});
