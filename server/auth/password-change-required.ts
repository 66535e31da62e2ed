/**
 * The refusal for a user who still holds an admin's one-time password: every procedure and
 * session endpoint except the password change answers it, and pages redirect to
 * /change-password on it. Pure, so the tRPC builder, REST wrapper and pages can share it.
 */
export const PASSWORD_CHANGE_REQUIRED_MESSAGE = 'Choose your own password first: your account has a one-time password from an administrator.';

export const CHANGE_PASSWORD_PATH = '/change-password';

export class PasswordChangeRequired extends Error {
  constructor() {
    super(PASSWORD_CHANGE_REQUIRED_MESSAGE);
    this.name = 'PasswordChangeRequired';
  }
}
