import { passwordProblems } from './password-policy';

const codes = (password: string, username = 'an.nv') =>
  passwordProblems(password, username, 'password').map((p) => p.code);

describe('password policy', () => {
  it('accepts 12 characters counted as people see them', () => {
    expect(codes('sông cổ chiê')).toEqual([]);
    // 11 characters typed on a keyboard that sends NFD: 14 code points, still too short.
    expect(codes('sông cổ chi'.normalize('NFD'))).toEqual(['PASSWORD_TOO_SHORT']);
    expect(codes('a'.repeat(256))).toEqual([]);
  });

  it('refuses fewer than 12 and more than 256 characters', () => {
    expect(codes('a'.repeat(11))).toEqual(['PASSWORD_TOO_SHORT']);
    expect(codes('a'.repeat(257))).toEqual(['PASSWORD_TOO_LONG']);
  });

  it('refuses a password containing the username, whatever the case', () => {
    expect(codes('my-AN.NV-password')).toEqual(['PASSWORD_CONTAINS_USERNAME']);
    expect(codes('an.nv')).toEqual(['PASSWORD_TOO_SHORT', 'PASSWORD_CONTAINS_USERNAME']);
  });

  it('names the field it was given', () => {
    expect(passwordProblems('short', 'x', 'newPassword')[0]).toEqual({
      field: 'newPassword',
      code: 'PASSWORD_TOO_SHORT',
      message: 'newPassword must have at least 12 characters',
      messageVi: 'Mật khẩu phải có ít nhất 12 ký tự',
    });
  });
});
