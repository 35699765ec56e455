/** Coverage: which vendor operations and status codes a run exercised, against those the contract declares. */
import { loadContract } from './core/contract.js';
import type { JournalEntry } from './core/journal.js';

/** One operation and status, with how often the journal saw it. */
export interface CoverageRow {
  operationId: string;
  status: number;
  count: number;
}

/** Counts journal entries per declared operation and status; statuses seen but not declared are listed too. */
export function coverageOf(entries: JournalEntry[]): CoverageRow[] {
  const counts = new Map<string, number>();
  for (const entry of entries) {
    if (entry.operationId === null) continue;
    const key = `${entry.operationId} ${entry.status}`;
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  const rows: CoverageRow[] = [];
  for (const item of Object.values(loadContract().spec.paths)) {
    for (const operation of Object.values(item)) {
      for (const status of Object.keys(operation.responses)) {
        const key = `${operation.operationId} ${status}`;
        rows.push({ operationId: operation.operationId, status: Number(status), count: counts.get(key) ?? 0 });
        counts.delete(key);
      }
    }
  }
  for (const [key, count] of counts) {
    const [operationId = '', status = '0'] = key.split(' ');
    rows.push({ operationId, status: Number(status), count });
  }
  return rows;
}

/** Formats coverage as a table a person can read: operation, status, count, and a mark where nothing ran. */
export function formatCoverage(rows: CoverageRow[]): string {
  const width = Math.max(9, ...rows.map((row) => row.operationId.length));
  const lines = [`${'operation'.padEnd(width)}  status  calls`, `${'-'.repeat(width)}  ------  -----`];
  for (const row of rows) {
    lines.push(
      `${row.operationId.padEnd(width)}  ${String(row.status).padEnd(6)}  ${row.count === 0 ? '    -' : String(row.count).padStart(5)}`,
    );
  }
  const covered = rows.filter((row) => row.count > 0).length;
  lines.push(`${covered} of ${rows.length} operation x status pairs exercised`);
  return lines.join('\n');
}
