import { ARGON2_COST, Argon2PasswordHasher } from './password-hasher';

describe('Argon2PasswordHasher', () => {
  const hasher = new Argon2PasswordHasher();

  it('writes Argon2id PHC strings at the stated cost, NFC and NFD alike', async () => {
    const stored = await hasher.hash('sông Cổ Chiên 2026');
    expect(stored).toMatch(
      new RegExp(
        `^\\$argon2id\\$v=19\\$m=${ARGON2_COST.memoryCost},t=${ARGON2_COST.timeCost},p=${ARGON2_COST.parallelism}\\$`,
      ),
    );
    expect(await hasher.verify(stored, 'sông Cổ Chiên 2026'.normalize('NFD'))).toBe(true);
    expect(await hasher.verify(stored, 'song Co Chien 2026')).toBe(false);
    expect(await hasher.verify('not a hash', 'x')).toBe(false);
  });
});
