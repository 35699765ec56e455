/**
 * The reliability suite's counts: cases tried, statuses seen, responses >= 500, state changes on rejected input,
 * forgeries accepted and peak memory, printed by each file when it ends. `RELIABILITY=long` (npm run
 * test:reliability) runs the long pass; `npm test` runs a shorter one of the same cases.
 */
import { loadContract } from '../../src/core/contract.js';
import { basePathOf } from '../../src/core/spec.js';
import { assertApplicationError, assertMatchesContract } from '../support/contract.js';

/** Whether this is the long pass (npm run test:reliability). */
export const LONG = process.env.RELIABILITY === 'long';

/** Cases per property: the long pass totals well over 10,000 fuzz cases over the transports and route sets. */
export const FUZZ_RUNS = LONG ? 2_000 : 60;

/** Counts of one file of the suite. */
export interface Tally {
  cases: number;
  statuses: Map<number, number>;
  serverErrors: number;
  stateChangesOnRejection: number;
  forgeriesAccepted: number;
  /** Problems worth reading when a count is not 0: the first few only. */
  examples: string[];
}

export function createTally(): Tally {
  return {
    cases: 0,
    statuses: new Map(),
    serverErrors: 0,
    stateChangesOnRejection: 0,
    forgeriesAccepted: 0,
    examples: [],
  };
}

/** Notes one answered case. */
export function count(tally: Tally, status: number, example: () => string): void {
  tally.cases += 1;
  tally.statuses.set(status, (tally.statuses.get(status) ?? 0) + 1);
  if (status >= 500 || status === 0) {
    tally.serverErrors += 1;
    note(tally, example());
  }
}

/** Keeps an example of a failed case (the first 5). */
export function note(tally: Tally, example: string): void {
  if (tally.examples.length < 5) tally.examples.push(example.slice(0, 500));
}

/** The one line a file prints: what the issue asks the suite to count. */
export function report(name: string, tally: Tally): string {
  const statuses = [...tally.statuses.entries()]
    .sort(([a], [b]) => a - b)
    .map(([status, n]) => `${status}x${n}`)
    .join(' ');
  const peak = Math.round(process.memoryUsage().rss / 1048576);
  const line =
    `reliability ${name}: ${tally.cases} cases${LONG ? ' (long pass)' : ''}; statuses ${statuses || '-'}; ` +
    `responses >= 500: ${tally.serverErrors}; state changes on rejected input: ${tally.stateChangesOnRejection}; ` +
    `forgeries accepted: ${tally.forgeriesAccepted}; test process RSS ${peak} MiB`;
  process.stdout.write(`${line}\n${tally.examples.map((example) => `  e.g. ${example}\n`).join('')}`);
  return line;
}

/** The operationId the vendor contract routes a raw path (under the base path) to, or null. */
export function vendorOperation(method: string, rawPath: string): string | null {
  const contract = loadContract();
  const match = contract.route(method, rawPath);
  return 'route' in match ? match.route.operation.operationId : null;
}

/** The vendor base path, e.g. /AdminInterface/restapi. */
export const BASE_PATH = basePathOf(loadContract().spec);

/**
 * Checks an answer's body against the vendor contract: a declared status of a routed operation by its schema, any
 * other answer as an application error or the token envelope. Throws a readable error when it does not match.
 */
export function checkVendorBody(operationId: string | null, status: number, body: unknown): void {
  if (operationId !== null) {
    try {
      assertMatchesContract(operationId, status, body);
      return;
    } catch (error) {
      if (!(error as Error).message.includes('does not declare status')) throw error;
    }
  }
  assertApplicationError(body);
}
