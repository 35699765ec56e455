/**
 * Provider states for the Pact verifier: a state names a scenario, its params what an interaction needs on top of
 * that world (a user and their statuses, a forced status). `POST /__fake/provider-states` calls this.
 */
import type { components } from '../generated/control-plane.js';
import { ControlError } from '../core/http-error.js';
import { createEacRecord } from '../domain/emergency-tokencode.js';
import type { Tenant } from '../domain/tenant.js';
import { userIdFor } from '../domain/seed-users.js';
import type { UserRecord } from '../domain/user-store.js';

/** A verifier's state-change request. */
export type ProviderStateChange = components['schemas']['ProviderStateChange'];
/** What the verifier gets back, for `fromProviderState` expressions. */
export type ProviderStateValues = components['schemas']['ProviderStateValues'];
type Params = components['schemas']['ProviderStateParams'];

/** The tenant a verifier sets states on, and the controls that change it. */
export interface ProviderStateTarget {
  tenant: Tenant;
  /** Switches to a scenario by name (an unknown one throws the fake's UnknownScenarioError). */
  useScenario(name: string): void;
  reset(): void;
  /** A bearer token for the tenant, at its clock. */
  token(): Promise<string>;
}

/** A user the scenario does not have, made from the email alone, as a directory sync would add them. */
function newUser(tenant: Tenant, email: string): UserRecord {
  const [local = 'user'] = email.split('@');
  const [first = local, last = ''] = local.split(/[._-]/);
  const capital = (name: string): string => name.charAt(0).toUpperCase() + name.slice(1);
  const now = tenant.clock.now();
  return {
    id: userIdFor(tenant.seed, email),
    email,
    firstName: capital(first),
    lastName: capital(last),
    creationDate: now,
    identitySource: tenant.scenario.identitySource ?? 'Corporate Directory',
    userStatus: 'Enabled',
    highRiskUser: false,
    lastSyncTime: now,
    monthLastAuthenticated: null,
    alternateUsername: '',
    eac: null,
  };
}

/** Gives the user the Emergency Tokencode status asked for: a fresh code, one whose time has passed, or none. */
function setEmergencyAccess(tenant: Tenant, user: UserRecord, status: NonNullable<Params['emergencyAccessStatus']>) {
  if (status === 'Disabled') {
    user.eac = null;
    return;
  }
  user.eac = createEacRecord(tenant, tenant.settings);
  if (status === 'Expired') {
    const past = tenant.clock.now() - 1000;
    user.eac = { ...user.eac, expiresAt: past, offlineExpiresAt: past };
  }
}

/** Applies a state's params to the freshly built world; returns the user's ids. */
function apply(tenant: Tenant, params: Params): Omit<ProviderStateValues, 'token'> {
  const values: Omit<ProviderStateValues, 'token'> = {};
  if (params.email !== undefined) {
    let user = tenant.store.findByEmail(params.email);
    if (!user && (params.userStatus ?? params.emergencyAccessStatus) !== undefined) {
      user = newUser(tenant, params.email);
      tenant.store.add(user);
    }
    if (user) {
      if (params.emergencyAccessStatus) setEmergencyAccess(tenant, user, params.emergencyAccessStatus);
      if (params.userStatus) user.userStatus = params.userStatus;
      values.userId = user.id;
      if (user.eac) values.emergencyTokencodeId = user.eac.id;
    }
  }
  if (params.forceStatus !== undefined) {
    tenant.faults.add({
      operationId: '*',
      status: params.forceStatus,
      times: 1,
      ...(params.forceDescription !== undefined && { description: params.forceDescription }),
    });
  }
  return values;
}

/**
 * Sets up (the scenario the state names, then its params) or tears down (a reset) a provider state, and returns
 * the values the interaction's generators read: a token always on setup, the user's ids when there is a user.
 * @example await changeProviderState(target, { state: 'default', params: { email: 'jane.doe@example.com' } })
 */
export async function changeProviderState(
  target: ProviderStateTarget,
  change: ProviderStateChange,
): Promise<ProviderStateValues> {
  if (change.action === 'teardown') {
    target.reset();
    return {};
  }
  const params = change.params ?? {};
  if (params.email === undefined && (params.userStatus ?? params.emergencyAccessStatus) !== undefined)
    throw new ControlError('Failed to set up the provider state: userStatus and emergencyAccessStatus need an email.');
  target.useScenario(change.state);
  try {
    const values = apply(target.tenant, params);
    return { token: await target.token(), ...values };
  } catch (error) {
    target.reset(); // params that cannot be applied leave the scenario's world, not half of the state
    throw error;
  }
}
