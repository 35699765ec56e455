/** POST /v2/users/search?pageSize&pageNumber: one zero-based page of users whose email contains a text. */
import type { components, operations } from '../../generated/cloud-admin.js';
import { jsonResponse } from '../../core/errors.js';
import { toUserDetails } from '../../domain/user-store.js';
import type { Defaulted, OperationContext } from './context.js';

type Query = Defaulted<NonNullable<operations['searchUsersV2']['parameters']['query']>, 'pageSize' | 'pageNumber'>;
type Response = components['schemas']['UserSearchPage'];

/** Searches by a literal part of the email, with the number of pages and of matches. */
export function searchUsersV2({
  tenant,
  body,
  query,
}: OperationContext<components['schemas']['UserSearchRequest'], Query>) {
  const now = tenant.clock.now();
  const page = tenant.store.search(body.emailLike, query.pageNumber * query.pageSize, query.pageSize, true);
  const response: Response = {
    totalPages: Math.ceil(page.total / query.pageSize),
    totalElements: page.total,
    elements: page.users.map((user) => toUserDetails(user, now)),
  };
  return jsonResponse(200, response);
}
