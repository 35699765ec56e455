/** GET /v2/users/{userId}/devices: a user's authenticators, SecurID 700 tokens included, browsers only when asked. */
import type { operations } from '../../generated/cloud-admin.js';
import { applicationError, jsonResponse, MESSAGES } from '../../core/errors.js';
import { toAuthenticatorsV2 } from '../../domain/device-store.js';
import type { Defaulted, OperationContext } from './context.js';

type Query = Defaulted<NonNullable<operations['listDevicesV2']['parameters']['query']>, 'includeBrowsers'>;

/** Lists the user's mobile devices (browsers with includeBrowsers=true), FIDO tokens and SecurID 700 tokens. */
export function listDevicesV2({ tenant, params, query }: OperationContext<undefined, Query>) {
  const id = params.userId ?? '';
  const user = tenant.store.findById(id);
  if (!user) return applicationError(404, MESSAGES.userIdNotFound(id), 'no user has this id');
  return jsonResponse(200, toAuthenticatorsV2(tenant.devices.list(user), { includeBrowsers: query.includeBrowsers }));
}
