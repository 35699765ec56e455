/** PUT /v1/users/{userId}/emergencyTokencode: a new code valid for `expirationDays` days. */
import type { components } from '../../generated/cloud-admin.js';
import { jsonText } from '../../core/errors.js';
import { jsonWriter } from '../../core/json.js';
import type { OperationContext } from './context.js';
import { issueEmergencyTokencode } from './issue-emergency-tokencode.js';

type Request = components['schemas']['EnableEmergencyTokencodeV1Request'];

/** The answer's text, its keys written once (the code object of issueEmergencyTokencode has these, in this order). */
const codeJson = jsonWriter(['emergencyTokencodeId', 'emergencyTokencode', 'expirationDate', 'offlineExpirationDate']);

/** Enables a code; `expirationDays` may be an integer or an integer string, as in the vendor's example. */
export function enableEmergencyTokencodeV1({ tenant, params, body }: OperationContext<Request>) {
  const result = issueEmergencyTokencode(tenant, params.userId ?? '', {
    expiryValue: Number(body.expirationDays),
    expiryUnit: 'days',
  });
  return result.ok ? jsonText(200, codeJson(result.code)) : result.response;
}
