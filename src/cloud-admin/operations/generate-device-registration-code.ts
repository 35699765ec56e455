/** POST /v1/users/deviceRegistrationCode: a code that registers the authenticator app of one user. */
import type { components } from '../../generated/cloud-admin.js';
import { formatTimestamp } from '../../core/clock.js';
import { applicationError, jsonResponse, MESSAGES } from '../../core/errors.js';
import { createRandom, hashString } from '../../core/random.js';
import type { OperationContext } from './context.js';

type Response = components['schemas']['DeviceRegistrationCode'];

/** Registration codes are 12 digits, valid 7 days (chosen: the vendor's format and validity are unknown). */
const CODE_LENGTH = 12;
const VALIDITY_MS = 7 * 86_400_000;

/** Generates the code; an unknown email is a 404 in the vendor's shape, as User Details. */
export function generateDeviceRegistrationCode({
  tenant,
  body,
}: OperationContext<components['schemas']['DeviceRegistrationCodeRequest']>) {
  const user = tenant.store.findByEmail(body.email);
  if (!user) return applicationError(404, MESSAGES.userEmailNotFound(body.email), 'no user has this email');
  const response: Response = {
    companyId: createRandom(hashString(`company:${tenant.apiKey.customerName}`)).uuid(),
    deviceRegistrationCode: tenant.random.string(CODE_LENGTH, '0123456789'),
    email: user.email,
    expirationDate: formatTimestamp(tenant.clock.now() + VALIDITY_MS),
  };
  tenant.recordAdmin({
    activity: 'DEVICE_REGISTRATION_CODE_GENERATED',
    message: `Authenticator registration code generated for ${user.email}.`,
    target: { id: user.id, name: user.email, type: 'USER' },
  });
  return jsonResponse(200, response);
}
