/** The time window and page both log exports take from their query, with the defaults the contract describes. */
import type { operations } from '../../generated/cloud-admin.js';
import { applicationError, MESSAGES } from '../../core/errors.js';
import type { CoreResponse } from '../../core/http-types.js';
import type { TimeWindow } from '../../domain/timed-log.js';
import type { Defaulted } from './context.js';

/** The query of a log export, with the page defaults filled in by the contract. */
export type LogQuery = Defaulted<
  NonNullable<operations['exportAdminLog']['parameters']['query']>,
  'pageNumber' | 'pageSize'
>;

/** The window a query leaves open by default (chosen, as C-JAVA's default): the day before its end. */
const DEFAULT_WINDOW_MS = 86_400_000;

/**
 * The window a log query asks for: after startTimeAfter, on or before endTimeOnOrBefore (default the clock's
 * reading), or a 400 when the start is after the end. The contract's pattern has already checked the form.
 */
export function windowOf(query: LogQuery, nowMs: number): TimeWindow | CoreResponse {
  const until = query.endTimeOnOrBefore === undefined ? nowMs : Date.parse(query.endTimeOnOrBefore);
  const after = query.startTimeAfter === undefined ? until - DEFAULT_WINDOW_MS : Date.parse(query.startTimeAfter);
  if (Number.isNaN(until) || Number.isNaN(after)) {
    return applicationError(400, MESSAGES.invalidDate, 'a time in the query is not a real instant');
  }
  if (after > until) {
    return applicationError(400, MESSAGES.invalidDateRange, 'startTimeAfter is after endTimeOnOrBefore');
  }
  return { after, until };
}

/** Whether windowOf answered an error. */
export const isResponse = (value: TimeWindow | CoreResponse): value is CoreResponse => 'status' in value;
