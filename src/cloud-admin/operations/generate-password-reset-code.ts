/** POST /v1/users/generateVerifyCode/resetPassword: a password reset verify code for one user. */
import type { components } from '../../generated/cloud-admin.js';
import { applicationError, jsonResponse, MESSAGES } from '../../core/errors.js';
import type { OperationContext } from './context.js';
import { verifyCodeResult } from './verify-code.js';

/** Generates the code; an unknown email is a 404 in the vendor's shape, as User Details. */
export function generatePasswordResetCode({
  tenant,
  body,
}: OperationContext<components['schemas']['VerifyCodeRequest']>) {
  const user = tenant.store.findByEmail(body.email);
  if (!user) return applicationError(404, MESSAGES.userEmailNotFound(body.email), 'no user has this email');
  tenant.recordAdmin({
    activity: 'PASSWORD_RESET_CODE_GENERATED',
    message: `Password reset code generated for ${user.email} (${body.code_send_to}).`,
    target: { id: user.id, name: user.email, type: 'USER' },
  });
  return jsonResponse(200, verifyCodeResult(tenant, user, body));
}
