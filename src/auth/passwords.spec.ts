import { generatePassword, hashPassword, passwordProblems, verifyPassword } from './passwords.js';

describe('passwords', () => {
  it('hashes with argon2id and verifies only the right password', async () => {
    const hash = await hashPassword('a long enough secret');
    expect(hash).toMatch(/^\$argon2id\$/);
    expect(hash).not.toContain('a long enough secret');
    await expect(verifyPassword(hash, 'a long enough secret')).resolves.toBe(true);
    await expect(verifyPassword(hash, 'a long enough secreT')).resolves.toBe(false);
  });

  it('says no for an unknown user without throwing', async () => {
    await expect(verifyPassword(null, 'anything at all')).resolves.toBe(false);
  });

  it('generates different passwords that meet the rules', () => {
    const a = generatePassword();
    const b = generatePassword();
    expect(a).not.toBe(b);
    expect(passwordProblems(a, 'someone')).toEqual([]);
  });

  it('names the field and rule of each broken rule', () => {
    expect(passwordProblems('short', 'anna').map((p) => p.rule)).toEqual(['minLength']);
    expect(passwordProblems('x'.repeat(201), 'anna').map((p) => p.rule)).toEqual(['maxLength']);
    expect(passwordProblems('my name is Anna!!', 'anna', 'newPassword')).toEqual([
      {
        field: 'newPassword',
        rule: 'notUsername',
        message: 'newPassword must not contain the username',
      },
    ]);
    expect(passwordProblems('', 'anna').map((p) => p.rule)).toEqual(['isNotEmpty']);
    expect(passwordProblems(undefined, 'anna').map((p) => p.rule)).toEqual(['isNotEmpty']);
  });

  it('refuses common and trivial passwords, saying what they are made of', () => {
    const refused = (password: string): string[] =>
      passwordProblems(password, 'anna').map((p) => `${p.rule}: ${p.message}`);
    expect(refused('password123456')).toEqual([
      'notCommon: password is too easy to guess: it is made of a common password ("password") ' +
        'and a common password ("123456"). Choose a longer one, for example a few unrelated words.',
    ]);
    for (const weak of ['qwertyuiop123', 'aaaaaaaaaaaa', '123456789012', 'abcdefghijkl']) {
      expect(passwordProblems(weak, 'anna').map((p) => p.rule)).toEqual(['notCommon']);
    }
    expect(refused('qwertyuiop123')[0]).toContain('a common password ("qwertyuiop")');
    expect(refused('aaaaaaaaaaaa')[0]).toContain('a repetition ("aaaaaaaaaaaa")');
    expect(refused('abcdefghijkl')[0]).toContain('a sequence ("abcdefghijkl")');
  });

  it('takes long passphrases and random passwords', () => {
    for (const good of [
      'correct horse battery staple',
      'a passphrase of my own',
      'zQ8kP2mW9xR4tY',
      generatePassword(),
    ]) {
      expect(passwordProblems(good, 'anna')).toEqual([]);
    }
  });
});
