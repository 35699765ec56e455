/** The shared part of both verify-code operations: one result per requested user, in C-JAVA's field names. */
import type { components } from '../../generated/cloud-admin.js';
import { formatTimestamp } from '../../core/clock.js';
import type { Tenant } from '../../domain/tenant.js';
import type { UserRecord } from '../../domain/user-store.js';

type VerifyCodeRequest = components['schemas']['VerifyCodeRequest'];
type VerifyCodeResult = components['schemas']['VerifyCodeResult'];

const UNIT_MS = { MIN: 60_000, HOUR: 3_600_000 } as const;
const DIGITS = '0123456789';
/** Verify codes are 8 digits (chosen: the vendor's format is unknown). */
const CODE_LENGTH = 8;

/** The request item as the result echoes it (code_validity as a string, as C-JAVA sends and reads it). */
function echo(request: VerifyCodeRequest): VerifyCodeResult['userDetailsRequestForVerifyCodeGeneration'] {
  return {
    email: request.email,
    custom_email: request.custom_email ?? null,
    code_validity: String(request.code_validity),
    validity_time_duration_unit: request.validity_time_duration_unit,
    code_send_to: request.code_send_to,
  };
}

/** The result for a user no one has. */
export function unknownUserResult(request: VerifyCodeRequest, description: string): VerifyCodeResult {
  return {
    status: 404,
    errorMessage: description,
    userDetailsRequestForVerifyCodeGeneration: echo(request),
    verify_code: null,
    verify_code_validity_time: null,
    verify_code_generation_mode: null,
    verification_Link: null,
  };
}

/** Generates a code for a user: shown with DISPLAY, mailed (and so not returned) with EMAIL. */
export function verifyCodeResult(tenant: Tenant, user: UserRecord, request: VerifyCodeRequest): VerifyCodeResult {
  const code = tenant.random.string(CODE_LENGTH, DIGITS);
  const validUntil = tenant.clock.now() + Number(request.code_validity) * UNIT_MS[request.validity_time_duration_unit];
  return {
    status: 200,
    errorMessage: null,
    userDetailsRequestForVerifyCodeGeneration: { ...echo(request), email: user.email },
    verify_code: request.code_send_to === 'DISPLAY' ? code : null,
    verify_code_validity_time: formatTimestamp(validUntil),
    verify_code_generation_mode: request.code_send_to,
    verification_Link: null,
  };
}
