/** PUT /v2/users/{userId}/emergencyTokencode: a new code, with the configuration used reported back. */
import type { components } from '../../generated/cloud-admin.js';
import { jsonResponse } from '../../core/errors.js';
import type { OperationContext } from './context.js';
import { issueEmergencyTokencode } from './issue-emergency-tokencode.js';

type Request = components['schemas']['EnableEmergencyTokencodeV2Request'];
type Response = components['schemas']['EmergencyTokencodeV2'];

/** Enables a code from 1 minute to 7 days, optionally one-time use; omitted fields take company defaults. */
export function enableEmergencyTokencodeV2({ tenant, params, body }: OperationContext<Request>) {
  const result = issueEmergencyTokencode(tenant, params.userId ?? '', body);
  if (!result.ok) return result.response;
  const response: Response = {
    ...result.code,
    configurationsUsed: result.used,
    oneTimeUse: result.used.oneTimeUse,
    configurationsLocked: result.locked,
  };
  return jsonResponse(200, response);
}
