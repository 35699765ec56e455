/**
 * Runs the conformance kit: every check against the tenant a key file names (the vendor's, or this fake), over HTTP
 * with tokens signed from the key file, read-only unless writes are allowed.
 */
import { generateAccessKey, type ApiKeyFile } from '../../core/api-key.js';
import { signToken } from '../../core/sign-token.js';
import {
  CHECKS,
  markOf,
  unknownNames,
  type CheckAnswer,
  type CheckDefinition,
  type CheckRequest,
  type FidelityMark,
  type Verdict,
} from './checks.js';

/** How to run the kit. */
export interface ConformanceOptions {
  /** The key file of the tenant to check. */
  apiKey: ApiKeyFile;
  /** A designated test user: needed by the lookup of a known user and by the write workflow. */
  email?: string | undefined;
  /** Run the write workflow on the test user (enable, enable again, disable). Default false. */
  allowWrites?: boolean | undefined;
  /** The fetch to send requests with (default the global one), e.g. an in-process fake's. */
  fetch?: typeof fetch | undefined;
  /** The clock tokens are signed at, in epoch ms (default the machine's). */
  now?: (() => number) | undefined;
  /** The checks to run (default all). */
  checks?: readonly CheckDefinition[] | undefined;
}

/** One row of the report. */
export interface CheckResult {
  id: string;
  fact: string;
  mark: FidelityMark;
  expected: string;
  observed: string;
  verdict: Verdict;
}

let foreignKey: string | undefined;
/** A key no tenant knows, for the bad-signature checks (made once: an RSA key takes a moment). */
const foreignAccessKey = (): string => (foreignKey ??= generateAccessKey());

async function send(options: ConformanceOptions, now: () => number, request: CheckRequest): Promise<CheckAnswer> {
  const headers: Record<string, string> = {};
  const token = request.token ?? 'valid';
  if (token === 'valid') headers.authorization = `Bearer ${await signToken(options.apiKey, { now: now() })}`;
  else if (token !== 'none') {
    const key = token.foreignKey ? { ...options.apiKey, accessKey: foreignAccessKey() } : options.apiKey;
    headers.authorization = `Bearer ${await signToken(key, { now: now(), ...token.options })}`;
  }
  const body = request.raw ?? (request.body === undefined ? undefined : JSON.stringify(request.body));
  if (body !== undefined) headers['content-type'] = 'application/json';
  const url = new URL(request.path, options.apiKey.adminRestApiUrl.replace(/\/?$/, '/'));
  const response = await (options.fetch ?? fetch)(url, {
    method: request.method,
    headers,
    ...(body !== undefined && { body }),
    signal: AbortSignal.timeout(30_000),
  });
  const text = await response.text();
  let parsed: unknown = null;
  if (text !== '') {
    try {
      parsed = JSON.parse(text);
    } catch {
      parsed = text;
    }
  }
  return { status: response.status, body: parsed, text };
}

/**
 * Runs the checks one after another and returns a row for each: holds, drift, or could not check (with why).
 * @example const rows = await runConformance({ apiKey: readApiKeyFile('api.key'), email: 'test.user@example.com' });
 */
export async function runConformance(options: ConformanceOptions): Promise<CheckResult[]> {
  const now = options.now ?? Date.now;
  const context = {
    call: (request: CheckRequest) => send(options, now, request),
    email: options.email,
    now,
    memory: new Map<string, string>(),
    ...unknownNames(),
  };
  const rows: CheckResult[] = [];
  for (const check of options.checks ?? CHECKS) {
    const row = { id: check.id, fact: check.fact, mark: markOf(check.markedBy) };
    if (check.writes && !options.allowWrites) {
      rows.push({ ...row, expected: '-', observed: 'writes not allowed (--allow-writes)', verdict: 'could not check' });
      continue;
    }
    if (check.needsEmail && options.email === undefined) {
      rows.push({ ...row, expected: '-', observed: 'no test user given (--email)', verdict: 'could not check' });
      continue;
    }
    try {
      rows.push({ ...row, ...(await check.run(context)) });
    } catch (error) {
      const cause = (error as { cause?: { message?: string } }).cause?.message;
      rows.push({
        ...row,
        expected: '-',
        observed: `no answer: ${(error as Error).message}${cause ? ` (${cause})` : ''}`,
        verdict: 'could not check',
      });
    }
  }
  return rows;
}

/** How many rows have each verdict. */
export function summarize(rows: readonly CheckResult[]): Record<Verdict, number> {
  const counts: Record<Verdict, number> = { holds: 0, drift: 0, 'could not check': 0 };
  for (const row of rows) counts[row.verdict] += 1;
  return counts;
}

/** The report as a plain-text table: fact, expected (with the contract's mark), observed, verdict. */
export function formatConformance(rows: readonly CheckResult[]): string {
  const table = [
    ['fact', 'expected (mark)', 'observed', 'verdict'],
    ...rows.map((row) => [row.fact, `${row.expected} (${row.mark.fidelity})`, row.observed, row.verdict]),
  ];
  const widths = [0, 1, 2, 3].map((column) => Math.max(...table.map((cells) => (cells[column] ?? '').length)));
  const line = (cells: string[]) =>
    cells
      .map((cell, column) => cell.padEnd(widths[column] ?? 0))
      .join('  ')
      .trimEnd();
  const counts = summarize(rows);
  return [
    line(table[0] ?? []),
    line(widths.map((width) => '-'.repeat(width))),
    ...table.slice(1).map(line),
    '',
    `${counts.holds} holds, ${counts.drift} drift, ${counts['could not check']} could not check`,
  ].join('\n');
}
