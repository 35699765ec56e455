/** What an operation receives: the tenant, the path parameters and the validated body. */
import type { CoreResponse } from '../../core/http-types.js';
import type { Tenant } from '../../domain/tenant.js';

/** The input of one operation call. */
export interface OperationContext<Body = unknown> {
  tenant: Tenant;
  /** Decoded path parameters by name. */
  params: Record<string, string>;
  /** The request body, already validated against the contract (undefined when the operation has none). */
  body: Body;
}

/** An operation: parse input, call the store, shape the response. */
export type Operation = (context: OperationContext<never>) => CoreResponse;
