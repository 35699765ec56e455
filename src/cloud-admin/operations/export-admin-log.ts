/** GET /v1/adminlog/exportlogs: one page of what the fake's admin operations did in a time window. */
import type { components } from '../../generated/cloud-admin.js';
import { jsonResponse } from '../../core/errors.js';
import type { OperationContext } from './context.js';
import { isResponse, windowOf, type LogQuery } from './log-query.js';

type Response = components['schemas']['AdminLogPage'];

/** Pages through the admin log entries of the window, oldest first. */
export function exportAdminLog({ tenant, query }: OperationContext<undefined, LogQuery>) {
  const window = windowOf(query, tenant.clock.now());
  if (isResponse(window)) return window;
  const page = tenant.adminLog.page(window, query.pageNumber, query.pageSize);
  const response: Response = {
    totalPages: page.totalPages,
    totalElements: page.totalElements,
    pageSize: query.pageSize,
    currentPage: query.pageNumber,
    elements: page.items,
  };
  return jsonResponse(200, response);
}
