/** Coverage: which vendor operations and status codes a run exercised, against those the contract declares. */
import { loadContract } from '../core/contract.js';
import type { JournalEntry } from '../core/journal.js';

/** One operation and status, with how often the journal saw it. */
export interface CoverageRow {
  operationId: string;
  status: number;
  count: number;
}

let declared: { operationId: string; status: number }[] | undefined;

/** The operation x status pairs of the vendor contract, in its order. */
function declaredPairs(): { operationId: string; status: number }[] {
  declared ??= loadContract().operations.flatMap(({ operation }) =>
    Object.keys(operation.responses).map((status) => ({ operationId: operation.operationId, status: Number(status) })),
  );
  return declared;
}

const keyOf = (operationId: string, status: number): string => `${operationId} ${status}`;

/**
 * Counts journal entries per declared operation and status; statuses seen but not declared are listed too (0 is a
 * connection failed by a fault). Only `operationId` and `status` are read, so tallies kept across resets work too.
 * @example formatCoverage(coverageOf(fake.journal()))
 */
export function coverageOf(entries: Iterable<Pick<JournalEntry, 'operationId' | 'status'>>): CoverageRow[] {
  const counts = new Map<string, CoverageRow>();
  for (const entry of entries) {
    if (entry.operationId === null) continue;
    const key = keyOf(entry.operationId, entry.status);
    const row = counts.get(key);
    if (row) row.count += 1;
    else counts.set(key, { operationId: entry.operationId, status: entry.status, count: 1 });
  }
  const rows: CoverageRow[] = [];
  for (const { operationId, status } of declaredPairs()) {
    const key = keyOf(operationId, status);
    rows.push({ operationId, status, count: counts.get(key)?.count ?? 0 });
    counts.delete(key);
  }
  return [...rows, ...counts.values()];
}

/**
 * Formats coverage as a table a person can read: operation, status, count, a `-` where nothing ran, and a note on
 * statuses the contract does not declare; the last line counts the declared pairs exercised.
 * @example console.log(formatCoverage(fake.coverage()))
 */
export function formatCoverage(rows: CoverageRow[]): string {
  const known = new Set(declaredPairs().map(({ operationId, status }) => keyOf(operationId, status)));
  const width = Math.max(9, ...rows.map((row) => row.operationId.length));
  const lines = [`${'operation'.padEnd(width)}  status  calls`, `${'-'.repeat(width)}  ------  -----`];
  for (const row of rows) {
    const calls = row.count === 0 ? '    -' : String(row.count).padStart(5);
    const note = known.has(keyOf(row.operationId, row.status)) ? '' : '  (not declared in the contract)';
    lines.push(`${row.operationId.padEnd(width)}  ${String(row.status).padEnd(6)}  ${calls}${note}`);
  }
  const declaredRows = rows.filter((row) => known.has(keyOf(row.operationId, row.status)));
  const covered = declaredRows.filter((row) => row.count > 0).length;
  lines.push(`${covered} of ${declaredRows.length} operation x status pairs exercised`);
  return lines.join('\n');
}
