/** The vendor operations by operationId, as named in openapi/cloud-admin.yaml. */
import type { operations } from '../../generated/cloud-admin.js';
import type { Operation } from './context.js';
import { disableEmergencyTokencode } from './disable-emergency-tokencode.js';
import { enableEmergencyTokencodeV1 } from './enable-emergency-tokencode-v1.js';
import { enableEmergencyTokencodeV2 } from './enable-emergency-tokencode-v2.js';
import { lookupUser } from './lookup-user.js';
import { setUserStatus } from './set-user-status.js';

/** Every operationId of the contract has an implementation (the type fails to check otherwise). */
export const OPERATIONS: Record<keyof operations, Operation> = {
  lookupUser: lookupUser,
  setUserStatus: setUserStatus,
  enableEmergencyTokencodeV1: enableEmergencyTokencodeV1,
  enableEmergencyTokencodeV2: enableEmergencyTokencodeV2,
  disableEmergencyTokencode: disableEmergencyTokencode,
};
