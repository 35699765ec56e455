/** The vendor operations by operationId, as named in openapi/cloud-admin.yaml. */
import type { operations } from '../../generated/cloud-admin.js';
import type { Operation } from './context.js';
import { deleteDevice } from './delete-device.js';
import { deleteUserNow } from './delete-user-now.js';
import { disableEmergencyTokencode } from './disable-emergency-tokencode.js';
import { enableEmergencyTokencodeV1 } from './enable-emergency-tokencode-v1.js';
import { enableEmergencyTokencodeV2 } from './enable-emergency-tokencode-v2.js';
import { exportAdminLog } from './export-admin-log.js';
import { exportUserEventLog } from './export-user-event-log.js';
import { generateDeviceRegistrationCode } from './generate-device-registration-code.js';
import { generateEnrollmentVerifyCodes } from './generate-enrollment-verify-codes.js';
import { generatePasswordResetCode } from './generate-password-reset-code.js';
import { listDevicesV1 } from './list-devices-v1.js';
import { listDevicesV2 } from './list-devices-v2.js';
import { listHighRiskUsers } from './list-high-risk-users.js';
import { lookupUser } from './lookup-user.js';
import { markUserDeleted } from './mark-user-deleted.js';
import { searchUsersV1 } from './search-users-v1.js';
import { searchUsersV2 } from './search-users-v2.js';
import { setUserStatus } from './set-user-status.js';
import { syncUser } from './sync-user.js';
import { updateHighRiskUsers } from './update-high-risk-users.js';

/** Every operationId of the contract has an implementation (the type fails to check otherwise). */
export const OPERATIONS: Record<keyof operations, Operation> = {
  lookupUser,
  setUserStatus,
  enableEmergencyTokencodeV1,
  enableEmergencyTokencodeV2,
  disableEmergencyTokencode,
  searchUsersV1,
  searchUsersV2,
  syncUser,
  markUserDeleted,
  deleteUserNow,
  listHighRiskUsers,
  updateHighRiskUsers,
  listDevicesV1,
  listDevicesV2,
  deleteDevice,
  exportAdminLog,
  exportUserEventLog,
  generateEnrollmentVerifyCodes,
  generatePasswordResetCode,
  generateDeviceRegistrationCode,
};
