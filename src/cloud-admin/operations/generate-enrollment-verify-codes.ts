/** POST /v1/users/generateVerifyCode/enroll: enrollment verify codes for a list of users, one result each. */
import type { components } from '../../generated/cloud-admin.js';
import { jsonResponse, MESSAGES } from '../../core/errors.js';
import type { OperationContext } from './context.js';
import { unknownUserResult, verifyCodeResult } from './verify-code.js';

type Request = components['schemas']['VerifyCodeRequest'][];

/** Generates a code for each known email; an unknown one gets a 404 result and the others still get codes. */
export function generateEnrollmentVerifyCodes({ tenant, body }: OperationContext<Request>) {
  const results = body.map((request) => {
    const user = tenant.store.findByEmail(request.email);
    if (!user) return unknownUserResult(request, MESSAGES.userEmailNotFound(request.email));
    tenant.recordAdmin({
      activity: 'ENROLLMENT_VERIFY_CODE_GENERATED',
      message: `Enrollment verify code generated for ${user.email} (${request.code_send_to}).`,
      target: { id: user.id, name: user.email, type: 'USER' },
    });
    return verifyCodeResult(tenant, user, request);
  });
  return jsonResponse(200, results);
}
