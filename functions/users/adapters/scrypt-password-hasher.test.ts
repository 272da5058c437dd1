import { ScryptPasswordHasher, SCRYPT_PARAMETERS } from './scrypt-password-hasher.ts';

// Cheap parameters keep these tests fast; the format and the checks are the same at any cost.
const cheap = new ScryptPasswordHasher({ log2N: 4, r: 8, p: 1 });

describe('the scrypt password hasher', () => {
  it('writes the parameters, a salt and the key into one string', async () => {
    const hash = await cheap.hash('correct horse battery');

    expect(hash).toMatch(/^scrypt\$4\$8\$1\$[\w-]{22}\$[\w-]{43}$/);
  });

  it('gives the same password a different salt, and so a different hash, every time', async () => {
    const [one, two] = await Promise.all([cheap.hash('correct horse battery'), cheap.hash('correct horse battery')]);

    expect(one).not.toBe(two);
  });

  it('accepts the right password and refuses another', async () => {
    const hash = await cheap.hash('correct horse battery');

    await expect(cheap.verify('correct horse battery', hash)).resolves.toBe(true);
    await expect(cheap.verify('correct horse batterY', hash)).resolves.toBe(false);
  });

  it('matches a password typed with composed or decomposed accents', async () => {
    const hash = await cheap.hash('cr\u00e8me br\u00fbl\u00e9e');

    await expect(cheap.verify('cre\u0300me bru\u0302le\u0301e', hash)).resolves.toBe(true);
  });

  it('answers false when there is no hash, after hashing against a dummy', async () => {
    await expect(cheap.verify('correct horse battery', undefined)).resolves.toBe(false);
  });

  it('verifies a hash made with other parameters, and says it needs re-hashing', async () => {
    const old = await new ScryptPasswordHasher({ log2N: 3, r: 4, p: 1 }).hash('correct horse battery');

    await expect(cheap.verify('correct horse battery', old)).resolves.toBe(true);
    expect(cheap.needsRehash(old)).toBe(true);
    expect(cheap.needsRehash(await cheap.hash('correct horse battery'))).toBe(false);
  });

  it('refuses a damaged or outrageous hash without quoting it', async () => {
    const damaged = 'scrypt$4$8$1$not-a-valid-hash';
    const outrageous = `scrypt$40$8$1$${'a'.repeat(22)}$${'b'.repeat(43)}`;

    await expect(cheap.verify('x', damaged)).rejects.toThrow('A stored password hash is not in the scrypt format this service writes.');
    await expect(cheap.verify('x', outrageous)).rejects.toThrow(/not in the scrypt format/);
  });

  it('uses N = 2^14, r = 8, p = 1 for new hashes by default', async () => {
    const hash = await new ScryptPasswordHasher().hash('correct horse battery');

    expect(SCRYPT_PARAMETERS).toEqual({ log2N: 14, r: 8, p: 1 });
    expect(hash.startsWith('scrypt$14$8$1$')).toBe(true);
  });
});
