import { ErrorDetail, RuleViolationError } from '../../common/errors/domain-errors';

export const PASSWORD_MIN_LENGTH = 12;
export const PASSWORD_MAX_LENGTH = 256;

/**
 * NIST SP 800-63B style: length over composition rules. Max length bounds hashing work.
 * Answers what is wrong with `password` for `field`; empty when it is acceptable.
 */
export function passwordProblems(password: string, username: string, field: string): ErrorDetail[] {
  const problems: ErrorDetail[] = [];
  const length = [...password.normalize('NFC')].length; // characters as people count them
  if (length < PASSWORD_MIN_LENGTH)
    problems.push({
      field,
      code: 'PASSWORD_TOO_SHORT',
      message: `${field} must have at least ${PASSWORD_MIN_LENGTH} characters`,
      messageVi: `Mật khẩu phải có ít nhất ${PASSWORD_MIN_LENGTH} ký tự`,
    });
  if (length > PASSWORD_MAX_LENGTH)
    problems.push({
      field,
      code: 'PASSWORD_TOO_LONG',
      message: `${field} must have at most ${PASSWORD_MAX_LENGTH} characters`,
    });
  const name = username.trim().toLowerCase();
  if (name.length > 0 && password.toLowerCase().includes(name))
    problems.push({
      field,
      code: 'PASSWORD_CONTAINS_USERNAME',
      message: `${field} must not contain the username`,
      messageVi: 'Mật khẩu không được chứa tên đăng nhập',
    });
  return problems;
}

/** Throws 422 WEAK_PASSWORD naming the field when the policy refuses `password`. */
export function assertPasswordPolicy(password: string, username: string, field: string): void {
  const details = passwordProblems(password, username, field);
  if (details.length > 0)
    throw new RuleViolationError(
      'WEAK_PASSWORD',
      `The password does not meet the policy: ${details.map((d) => d.message).join('; ')}`,
      details,
    );
}
