/** What an operation receives: the tenant, the path parameters and the validated body. */
import type { CoreResponse } from '../../core/http-types.js';
import type { Tenant } from '../../domain/tenant.js';

/** The input of one operation call. */
export interface OperationContext<Body = unknown, Query = Record<string, never>> {
  tenant: Tenant;
  /** Decoded path parameters by name. */
  params: Record<string, string>;
  /** The query parameters the contract declares, checked and with their defaults filled in. */
  query: Query;
  /** The request body, already validated against the contract (undefined when the operation has none). */
  body: Body;
}

/** An operation: parse input, call the store, shape the response. */
export type Operation = (context: OperationContext<never, never>) => CoreResponse;

/** A generated query type whose parameters `K` have defaults in the contract, so the pipeline always fills them. */
export type Defaulted<Query, K extends keyof Query> = Query & Required<Pick<Query, K>>;
