/** GET /v1/users/{userId}/devices?includeBrowsers: a user's authenticators without SecurID 700 tokens. */
import type { operations } from '../../generated/cloud-admin.js';
import { applicationError, jsonResponse, MESSAGES } from '../../core/errors.js';
import { toAuthenticatorsV1 } from '../../domain/device-store.js';
import type { Defaulted, OperationContext } from './context.js';

type Query = Defaulted<NonNullable<operations['listDevicesV1']['parameters']['query']>, 'includeBrowsers'>;

/** Lists the user's mobile devices (and browsers unless includeBrowsers=false) and FIDO tokens. */
export function listDevicesV1({ tenant, params, query }: OperationContext<undefined, Query>) {
  const id = params.userId ?? '';
  const user = tenant.store.findById(id);
  if (!user) return applicationError(404, MESSAGES.userIdNotFound(id), 'no user has this id');
  return jsonResponse(200, toAuthenticatorsV1(tenant.devices.list(user), { includeBrowsers: query.includeBrowsers }));
}
