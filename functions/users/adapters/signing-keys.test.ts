import { calculateJwkThumbprint } from 'jose';
import { generateSigningKey, parseSigningKeys } from './signing-keys.ts';

describe('signing keys', () => {
  it('are generated as private P-256 JWKs named by their RFC 7638 thumbprint', async () => {
    const key = generateSigningKey();

    expect(key).toMatchObject({ kty: 'EC', crv: 'P-256', alg: 'ES256', use: 'sig' });
    expect(key.d).toMatch(/^[\w-]{43}$/);
    expect(key.kid).toBe(await calculateJwkThumbprint({ kty: key.kty, crv: key.crv, x: key.x, y: key.y }));
  });

  it('are read back from one JWK or from a JWK Set, keeping only the key members', () => {
    const [first, second] = [generateSigningKey(), generateSigningKey()];

    const single = parseSigningKeys(JSON.stringify(first), 'the parameter');
    const set = parseSigningKeys(JSON.stringify({ keys: [second, first] }), 'the parameter');

    expect(single).toEqual([{ kty: 'EC', crv: 'P-256', kid: first.kid, x: first.x, y: first.y, d: first.d }]);
    expect(set.map((key) => key.kid)).toEqual([second.kid, first.kid]);
  });

  it('refuse text that is not JSON without quoting it', () => {
    expect(() => parseSigningKeys('secret-material{', 'the parameter')).toThrow(/^the parameter is not JSON/);
    expect(() => parseSigningKeys('secret-material{', 'the parameter')).not.toThrow(/secret-material/);
  });

  it('refuse a public key, since it cannot sign', () => {
    const { d: _private, ...publicOnly } = generateSigningKey();

    expect(() => parseSigningKeys(JSON.stringify(publicOnly), 'the parameter')).toThrow(/private P-256 JWK/);
  });

  it('refuse two keys with one kid', () => {
    const key = generateSigningKey();

    expect(() => parseSigningKeys(JSON.stringify({ keys: [key, { ...generateSigningKey(), kid: key.kid }] }), 'the parameter')).toThrow(
      'the parameter names a kid twice.',
    );
  });
});
