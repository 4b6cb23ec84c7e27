import { hashPassword, hashSecret, isSecretOfKind, newSecret, passwordNeedsRehash, prepareDecoy, verifyAgainstDecoy, verifyPassword } from './secrets';

describe('secrets', () => {
  it('checks an unknown user against a decoy made with the same argon2id parameters as real passwords, so it costs the same', async () => {
    const decoy = await prepareDecoy();
    expect(decoy).toMatch(/^\$argon2id\$/);
    expect(passwordNeedsRehash(decoy)).toBe(false);
    expect(await prepareDecoy()).toBe(decoy);
    await expect(verifyAgainstDecoy('any guess')).resolves.toBe(false);
  });

  it('makes distinct 256-bit secrets with their kind prefix', () => {
    const a = newSecret('cca');
    const b = newSecret('cca');
    expect(a).toMatch(/^cca_[A-Za-z0-9_-]{43}$/);
    expect(a).not.toBe(b);
    expect(isSecretOfKind(a, 'cca')).toBe(true);
    expect(isSecretOfKind(a, 'ccr')).toBe(false);
    expect(isSecretOfKind('cca_short', 'cca')).toBe(false);
    expect(isSecretOfKind(undefined, 'cca')).toBe(false);
  });

  it('stores secrets as sha256 hex', () => {
    expect(hashSecret('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
  });

  it('hashes passwords with argon2id and verifies them', async () => {
    const hash = await hashPassword('sophie');
    expect(hash).toMatch(/^\$argon2id\$v=19\$m=19456,p=1,t=2\$/);
    await expect(verifyPassword(hash, 'sophie')).resolves.toBe(true);
    await expect(verifyPassword(hash, 'Sophie')).resolves.toBe(false);
    await expect(verifyPassword(null, 'sophie')).resolves.toBe(false);
    await expect(verifyPassword('not a hash', 'sophie')).resolves.toBe(false);
    expect(passwordNeedsRehash(hash)).toBe(false);
    expect(passwordNeedsRehash('$argon2id$v=19$m=65536,t=3,p=4$6e+H1OILFPIyO3fTnWH4jg$OrPxb6zg2/kRouS3o13GTqMrHNJ1hH443bzaFS6WoTU')).toBe(true);
  });
});
