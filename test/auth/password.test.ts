// Proves that password hashes are salted scrypt records that verify the right password (in any
// Unicode normal form) and nothing else.
import { expect } from 'chai';
import { hashPassword, verifyPassword } from '../../src/auth/password.js';

/** Cheap on purpose: the KDF's cost is not what these tests are about. */
const COST = 2 ** 10;
/** "Charity" in Kazakh: its «й» has a decomposed (NFD) form, и + U+0306. */
const KAZAKH_PASSWORD = 'Қайырымдылық-2026';

describe('password hashing', () => {
  it('verifyPassword — the right password — true', async () => {
    const stored = await hashPassword('correct horse battery staple', COST);
    expect(await verifyPassword('correct horse battery staple', stored)).to.equal(true);
  });

  it('verifyPassword — a wrong, a truncated, an other-case and an empty password — false', async () => {
    const stored = await hashPassword('correct horse battery staple', COST);
    for (const wrong of [
      'correct horse battery stapler',
      'correct horse battery',
      'Correct horse battery staple',
      '',
    ]) {
      expect(await verifyPassword(wrong, stored), wrong).to.equal(false);
    }
  });

  it('verifyPassword — NFC and NFD forms of the same Kazakh password — both verify, either way round', async () => {
    const composed = KAZAKH_PASSWORD.normalize('NFC');
    const decomposed = KAZAKH_PASSWORD.normalize('NFD');
    expect(decomposed).not.to.equal(composed);
    expect(decomposed.length).to.be.greaterThan(composed.length);
    const storedFromComposed = await hashPassword(composed, COST);
    const storedFromDecomposed = await hashPassword(decomposed, COST);
    expect(await verifyPassword(decomposed, storedFromComposed)).to.equal(true);
    expect(await verifyPassword(composed, storedFromComposed)).to.equal(true);
    expect(await verifyPassword(composed, storedFromDecomposed)).to.equal(true);
    expect(await verifyPassword('Кайырымдылык-2026', storedFromComposed)).to.equal(false);
  });

  it('hashPassword — the same password twice — different hashes (salted), both verify', async () => {
    const first = await hashPassword('the same password', COST);
    const second = await hashPassword('the same password', COST);
    expect(first).not.to.equal(second);
    expect(await verifyPassword('the same password', first)).to.equal(true);
    expect(await verifyPassword('the same password', second)).to.equal(true);
  });

  it('hashPassword — any password — "scrypt$N$r$p$salt$key" with a 16-byte salt and a 32-byte key', async () => {
    const stored = await hashPassword('correct horse battery staple', COST);
    expect(stored.startsWith('scrypt$')).to.equal(true);
    const [scheme, cost, blockSize, parallelization, salt, key, ...rest] = stored.split('$');
    expect({ scheme, cost, blockSize, parallelization }).to.deep.equal({
      scheme: 'scrypt',
      cost: String(COST),
      blockSize: '8',
      parallelization: '1',
    });
    expect(Buffer.from(salt as string, 'base64')).to.have.length(16);
    expect(Buffer.from(key as string, 'base64')).to.have.length(32);
    expect(rest).to.deep.equal([]);
    expect(stored).not.to.contain('correct horse');
  });

  it('verifyPassword — a hash made at another cost — verifies with the cost stored in it', async () => {
    const stored = await hashPassword('cost travels with the hash', 2 ** 11);
    expect(stored.split('$')[1]).to.equal(String(2 ** 11));
    expect(await verifyPassword('cost travels with the hash', stored)).to.equal(true);
  });

  const malformed: ReadonlyArray<[string, string]> = [
    ['an empty string', ''],
    ['another scheme', 'bcrypt$2b$10$abcdefghijklmnopqrstuv'],
    ['no salt and no key', 'scrypt$1024$8$1$$'],
    ['the password itself', 'correct horse battery staple'],
  ];
  for (const [scenario, stored] of malformed) {
    it(`verifyPassword — a stored value that is ${scenario} — false`, async () => {
      expect(await verifyPassword('correct horse battery staple', stored)).to.equal(false);
    });
  }

  it('verifyPassword — the key of the stored hash changed — false', async () => {
    const stored = await hashPassword('correct horse battery staple', COST);
    const parts = stored.split('$');
    const key = Buffer.from(parts[5] as string, 'base64');
    key[0] = (key[0] as number) ^ 1;
    parts[5] = key.toString('base64');
    expect(await verifyPassword('correct horse battery staple', parts.join('$'))).to.equal(false);
  });
});
