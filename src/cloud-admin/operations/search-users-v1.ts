/** POST /v1/users/search?pageSize: the first page of users whose email contains a text, sorted by email. */
import type { components, operations } from '../../generated/cloud-admin.js';
import { jsonResponse } from '../../core/errors.js';
import { toUserDetails } from '../../domain/user-store.js';
import type { Defaulted, OperationContext } from './context.js';

type Query = Defaulted<NonNullable<operations['searchUsersV1']['parameters']['query']>, 'pageSize'>;

/** Searches by a literal part of the email; version 1 answers a bare array and has no pages. */
export function searchUsersV1({
  tenant,
  body,
  query,
}: OperationContext<components['schemas']['UserSearchRequest'], Query>) {
  const now = tenant.clock.now();
  const page = tenant.store.search(body.emailLike, 0, query.pageSize, false);
  return jsonResponse(
    200,
    page.users.map((user) => toUserDetails(user, now)),
  );
}
