/** DELETE /v1/users/{userId}/devices/{deviceId}: deletes one of a user's authenticators. */
import { applicationError, emptyResponse, MESSAGES } from '../../core/errors.js';
import type { OperationContext } from './context.js';

/** Deletes the authenticator; 404 when the user is unknown or has no authenticator with that id. */
export function deleteDevice({ tenant, params }: OperationContext) {
  const id = params.userId ?? '';
  const deviceId = params.deviceId ?? '';
  const user = tenant.store.findById(id);
  if (!user) return applicationError(404, MESSAGES.userIdNotFound(id), 'no user has this id');
  const device = tenant.devices.remove(user, deviceId);
  if (!device) return applicationError(404, MESSAGES.deviceNotFound(deviceId), 'the user has no device with this id');
  tenant.recordAdmin({
    activity: 'DEVICE_DELETED',
    message: `Device ${device.name} of user ${user.email} deleted.`,
    target: { id: user.id, name: user.email, type: 'USER' },
    second: { id: device.id, name: device.name, type: device.deviceType },
  });
  return emptyResponse(200);
}
