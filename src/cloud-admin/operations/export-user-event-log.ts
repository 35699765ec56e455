/** GET /v1/usereventlog/exportlogs: one page of user events in a time window (kept 40 days by the clock). */
import type { components } from '../../generated/cloud-admin.js';
import { jsonResponse } from '../../core/errors.js';
import type { OperationContext } from './context.js';
import { isResponse, windowOf, type LogQuery } from './log-query.js';

type Response = components['schemas']['UserEventLogPage'];

/** Pages through the user events of the window, oldest first. */
export function exportUserEventLog({ tenant, query }: OperationContext<undefined, LogQuery>) {
  const now = tenant.clock.now();
  const window = windowOf(query, now);
  if (isResponse(window)) return window;
  const page = tenant.userEvents.page(window, query.pageNumber, query.pageSize, now);
  const response: Response = {
    totalPages: page.totalPages,
    totalElements: page.totalElements,
    pageSize: query.pageSize,
    currentPage: query.pageNumber,
    userEventLogExportEntries: page.items,
  };
  return jsonResponse(200, response);
}
