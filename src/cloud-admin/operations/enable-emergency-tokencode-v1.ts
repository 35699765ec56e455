/** PUT /v1/users/{userId}/emergencyTokencode: a new code valid for `expirationDays` days. */
import type { components } from '../../generated/cloud-admin.js';
import { jsonText } from '../../core/errors.js';
import type { OperationContext } from './context.js';
import { issueEmergencyTokencode } from './issue-emergency-tokencode.js';

type Request = components['schemas']['EnableEmergencyTokencodeV1Request'];

type EmergencyTokencode = components['schemas']['EmergencyTokencode'];

/**
 * The answer's text, as JSON.stringify(code) gives it: written out for the hottest answer of the API, whose four
 * fields are strings the fake made, to save JSON.stringify's generic walk. None needs an escape (a UUID's hex digits
 * and dashes, a code drawn from the company's alphabet of letters and digits, timestamps of digits and -:.TZ+), so
 * they go in quotes as they are. A template (the journal flattens the text when it counts its bytes).
 */
const codeJson = (code: EmergencyTokencode): string =>
  `{"emergencyTokencodeId":"${code.emergencyTokencodeId}","emergencyTokencode":"${code.emergencyTokencode}","expirationDate":"${code.expirationDate}","offlineExpirationDate":"${code.offlineExpirationDate}"}`;

/** Enables a code; `expirationDays` may be an integer or an integer string, as in the vendor's example. */
export function enableEmergencyTokencodeV1({ tenant, params, body }: OperationContext<Request>) {
  const result = issueEmergencyTokencode(tenant, params.userId ?? '', {
    expiryValue: Number(body.expirationDays),
    expiryUnit: 'days',
  });
  return result.ok ? jsonText(200, codeJson(result.code)) : result.response;
}
