/** Journal assertions: "the client called X for user Y with body Z, N times", failing with a list of what was called. */
import { unknownOperationProblem, type VendorOperationId } from '../core/contract.js';
import type { JournalEntry } from '../core/journal.js';
import type { UserRecord } from '../domain/user-store.js';

/**
 * A journal assertion that failed, named `AssertionError` as test runners expect; its own class rather than
 * node:assert's, so the assertions run in a browser too.
 */
export class CallAssertionError extends Error {
  override name = 'AssertionError';
}

/** What a call must look like; every field given must match, fields left out match anything. */
export interface CallMatcher {
  /** The vendor operation, e.g. `enableEmergencyTokencodeV1`; a name the contract lacks throws, as a typo would pass. */
  operationId?: VendorOperationId;
  /**
   * The user the call was about: an email (resolved to the id in the path through the tenant's users; for
   * `lookupUser`, the email in the body) or a user id.
   */
  user?: string;
  /**
   * The request body, matched partially and loosely: objects need only the keys given, a number matches the same
   * number written as a string (`3` matches `"3"`), and vitest asymmetric matchers (`expect.any(Number)`) work.
   */
  body?: unknown;
  /** The response status. */
  status?: number;
  /** The response body, matched like `body`. */
  response?: unknown;
}

/** Where the calls are read from: the in-process fake, one of its tenants, or `controlsFor(...)`. */
export interface JournalSource {
  journal(): JournalEntry[];
  userRecord(email: string): UserRecord | undefined;
}

/** The calls that matched, with a count to assert. */
export interface CalledExpectation {
  /** The matching journal entries, oldest first. */
  readonly calls: JournalEntry[];
  /** Asserts exactly `count` matching calls. */
  times(count: number): CalledExpectation;
  /** Asserts exactly one matching call. */
  once(): CalledExpectation;
}

const MAX_LISTED = 50;
const MAX_BODY = 200;

interface AsymmetricMatcher {
  asymmetricMatch(other: unknown): boolean;
  /** How vitest names the matcher, e.g. `StringContaining "x"`. */
  toString(): string;
}

const isAsymmetric = (value: unknown): value is AsymmetricMatcher =>
  typeof value === 'object' && value !== null && typeof (value as AsymmetricMatcher).asymmetricMatch === 'function';

const isNumeric = (text: string): boolean => /^\s*-?[0-9]+(\.[0-9]+)?\s*$/.test(text);

/** Partial, loose deep match: the expected keys only; numbers and numeric strings of the same value are equal. */
export function matchesLoosely(expected: unknown, actual: unknown): boolean {
  if (isAsymmetric(expected)) return expected.asymmetricMatch(actual);
  if (typeof expected === 'number' && typeof actual === 'string')
    return isNumeric(actual) && Number(actual) === expected;
  if (typeof expected === 'string' && typeof actual === 'number')
    return isNumeric(expected) && Number(expected) === actual;
  if (Array.isArray(expected)) {
    return (
      Array.isArray(actual) &&
      actual.length === expected.length &&
      expected.every((item, index) => matchesLoosely(item, actual[index]))
    );
  }
  if (typeof expected === 'object' && expected !== null) {
    if (typeof actual !== 'object' || actual === null || Array.isArray(actual)) return false;
    return Object.entries(expected).every(([key, value]) =>
      matchesLoosely(value, (actual as Record<string, unknown>)[key]),
    );
  }
  return Object.is(expected, actual);
}

/** The decoded segment after `users` in a path, i.e. the user id of a user operation. */
function userIdInPath(path: string): string | undefined {
  const segments = path.split('/');
  const index = segments.indexOf('users');
  const raw = index === -1 ? undefined : segments[index + 1];
  if (raw === undefined || raw === 'lookup') return undefined;
  try {
    return decodeURIComponent(raw);
  } catch {
    return raw;
  }
}

/** The user a matcher names: its email (if given) and its id (if known). */
interface NamedUser {
  email: string | undefined;
  id: string | undefined;
}

function resolveUser(source: JournalSource, user: string): NamedUser {
  if (!user.includes('@')) return { email: undefined, id: user };
  return { email: user, id: source.userRecord(user)?.id };
}

function isAbout(entry: JournalEntry, user: NamedUser): boolean {
  const id = userIdInPath(entry.path);
  if (id !== undefined) return id === user.id;
  const email = (entry.requestBody as { email?: unknown } | null)?.email;
  return user.email !== undefined && typeof email === 'string' && email.toLowerCase() === user.email.toLowerCase();
}

function matches(entry: JournalEntry, matcher: CallMatcher, user: NamedUser | undefined): boolean {
  if (matcher.operationId !== undefined && entry.operationId !== matcher.operationId) return false;
  if (matcher.status !== undefined && entry.status !== matcher.status) return false;
  if (user !== undefined && !isAbout(entry, user)) return false;
  if (matcher.body !== undefined && !matchesLoosely(matcher.body, entry.requestBody)) return false;
  if (matcher.response !== undefined && !matchesLoosely(matcher.response, entry.responseBody)) return false;
  return true;
}

const short = (value: unknown): string => {
  const text = isAsymmetric(value) ? String(value) : JSON.stringify(value);
  return text.length > MAX_BODY ? `${text.slice(0, MAX_BODY)}...` : text;
};

/** Says in words what the matcher asks for. */
function describeMatcher(matcher: CallMatcher, user: NamedUser | undefined): string {
  const parts = [matcher.operationId ?? 'a call'];
  if (user?.email !== undefined)
    parts.push(`for ${user.email} ${user.id === undefined ? '(no such user in the tenant)' : `(id ${user.id})`}`);
  else if (user?.id !== undefined) parts.push(`for user id ${user.id}`);
  if (matcher.body !== undefined) parts.push(`with body ${short(matcher.body)}`);
  if (matcher.status !== undefined) parts.push(`answered ${matcher.status}`);
  if (matcher.response !== undefined) parts.push(`answering ${short(matcher.response)}`);
  return parts.join(' ');
}

/** Lists journal entries a person can scan: matching ones marked, the named user's id shown as their email. */
function listEntries(entries: JournalEntry[], matching: Set<JournalEntry>, user: NamedUser | undefined): string {
  if (entries.length === 0) return '  (the journal is empty: no request reached the fake)';
  const shown = entries.slice(-MAX_LISTED);
  const lines = shown.map((entry) => {
    const mark = matching.has(entry) ? '*' : ' ';
    const who =
      user?.email !== undefined && user.id !== undefined && userIdInPath(entry.path) === user.id
        ? ` [${user.email}]`
        : '';
    const body = entry.requestBody === null ? '' : ` ${short(entry.requestBody)}`;
    const status = entry.status === 0 ? 'connection failed' : String(entry.status);
    return `${mark} #${entry.seq} ${entry.operationId ?? '(no operation)'} ${entry.method} ${entry.path}${who}${body} -> ${status}`;
  });
  if (entries.length > shown.length) lines.unshift(`  ... ${entries.length - shown.length} earlier entries`);
  return lines.map((line) => `  ${line}`).join('\n');
}

/** Lists journal entries oldest first, one line each, for a person reading a failed test. */
export function formatJournal(entries: JournalEntry[]): string {
  return listEntries(entries, new Set(), undefined);
}

/** Throws when the matcher names an operationId the contract does not have: such a matcher could never match. */
function checkMatcher(matcher: CallMatcher): void {
  const problem = matcher.operationId === undefined ? undefined : unknownOperationProblem(matcher.operationId);
  if (problem !== undefined) throw new TypeError(`Failed to match calls: ${problem}.`);
}

function fail(
  message: string,
  entries: JournalEntry[],
  matching: Set<JournalEntry>,
  user: NamedUser | undefined,
): never {
  throw new CallAssertionError(
    `${message}\nWhat was called (oldest first, * = matches):\n${listEntries(entries, matching, user)}`,
  );
}

/**
 * Asserts the journal holds at least one call matching `matcher`, and returns them for `.times(n)` / `.once()`.
 * On failure, the message lists every call the fake received.
 * @example
 * expectCalled(fake, {
 *   operationId: 'enableEmergencyTokencodeV1',
 *   user: 'jane.doe@example.com',
 *   body: { expirationDays: 3 },
 * }).once();
 */
export function expectCalled(source: JournalSource, matcher: CallMatcher): CalledExpectation {
  checkMatcher(matcher);
  const entries = source.journal();
  const user = matcher.user === undefined ? undefined : resolveUser(source, matcher.user);
  const calls = entries.filter((entry) => matches(entry, matcher, user));
  const matching = new Set(calls);
  const wanted = describeMatcher(matcher, user);
  if (calls.length === 0) fail(`Expected ${wanted}, but no call matched.`, entries, matching, user);
  const expectation: CalledExpectation = {
    calls,
    times(count) {
      if (calls.length !== count) {
        fail(
          `Expected ${wanted} ${count === 1 ? 'once' : `${count} times`}, but it was called ${calls.length === 1 ? 'once' : `${calls.length} times`}.`,
          entries,
          matching,
          user,
        );
      }
      return expectation;
    },
    once: () => expectation.times(1),
  };
  return expectation;
}

/**
 * Asserts no call in the journal matches `matcher`.
 * @example expectNotCalled(fake, { operationId: 'disableEmergencyTokencode' });
 */
export function expectNotCalled(source: JournalSource, matcher: CallMatcher): void {
  checkMatcher(matcher);
  const entries = source.journal();
  const user = matcher.user === undefined ? undefined : resolveUser(source, matcher.user);
  const calls = entries.filter((entry) => matches(entry, matcher, user));
  if (calls.length > 0) {
    fail(
      `Expected no ${describeMatcher(matcher, user)}, but it was called ${calls.length === 1 ? 'once' : `${calls.length} times`}.`,
      entries,
      new Set(calls),
      user,
    );
  }
}
