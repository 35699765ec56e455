/** cloud-admin-fake/vitest: one call wires the in-process fake into a vitest file; journal assertions for tests. */
import { afterAll, afterEach, beforeAll, beforeEach } from 'vitest';
import { setupServer, type SetupServer } from 'msw/node';
import type { HttpHandler } from 'msw';
import { createHandlers } from './adapters/msw.js';
import { createFake, type CreateFakeOptions, type Fake } from './create-fake.js';
import { createApiKeyFile, generateAccessKey, poolKey, type ApiKeyFile } from './core/api-key.js';
import type { JournalEntry } from './core/journal.js';
import { createRandom, hashString } from './core/random.js';
import type { BuiltInScenarioName } from './domain/scenario.js';
import { adminRestApiUrlFor, DEFAULT_BASE_URL, type FakeOptions } from './domain/tenant-registry.js';
import { coverageOf, formatCoverage } from './testing/coverage.js';
import { formatJournal } from './testing/expect-called.js';

export {
  CallAssertionError,
  expectCalled,
  expectNotCalled,
  matchesLoosely,
  type CallMatcher,
  type CalledExpectation,
  type JournalSource,
} from './testing/expect-called.js';

/** Options of `useCloudAdminFake`: the fake's own, plus how the msw server behaves and what is printed. */
export type UseCloudAdminFakeOptions<Custom extends string = never> = CreateFakeOptions<Custom> & {
  /**
   * Your project's own msw server (e.g. started in a `setupFiles` module, as msw recommends): the fake's handlers
   * are added to it with `server.use(...)` before each test, so they survive its `resetHandlers()`. Without it the
   * helper starts a server of its own, or, nested in another helper's describe block, joins that helper's server.
   */
  server?: SetupServer;
  /** What msw does with a request no handler answers (only for a server the helper starts). Default `'error'`. */
  onUnhandledRequest?: 'error' | 'warn' | 'bypass';
  /** More msw handlers served by the same server (e.g. for other APIs the code under test calls). */
  handlers?: HttpHandler[];
  /**
   * After all tests, print which vendor operations and statuses the file exercised (summed over every test and
   * tenant): `true` prints with console.log, a function receives the table.
   */
  printCoverage?: boolean | ((table: string) => void);
  /** When a test fails, print the requests it made (vitest's onTestFailed). Default true (console.error). */
  printJournalOnFailure?: boolean | ((text: string) => void);
};

/** The helper's fake, with the msw server that serves it (read it in tests and hooks, once beforeAll ran). */
export type CloudAdminFake<Name extends string = BuiltInScenarioName> = Fake<Name> & {
  /** The msw server the fake's handlers are on: yours, the enclosing helper's, or the helper's own. */
  readonly server: SetupServer;
};

/** The servers of the helpers whose describe block is running, innermost last: nested helpers join the innermost. */
const running: SetupServer[] = [];
/** Helpers created in this test file, so each one gets its own key (a token of one must not pass the other). */
let helperCount = 0;

/** A key of its own for the n-th helper: derived from the seed, so runs are repeatable. */
function helperKey(options: Pick<FakeOptions, 'seed' | 'baseUrl'>, index: number): ApiKeyFile {
  const accessID = createRandom(hashString(`vitest-helper:${index}`, (options.seed ?? 1) >>> 0)).uuid();
  return createApiKeyFile({
    customerName: 'Example Corp',
    accessID,
    adminRestApiUrl: adminRestApiUrlFor(options.baseUrl ?? DEFAULT_BASE_URL),
    accessKey: helperAccessKey(options.seed ?? 1, index),
  });
}

/** The private keys the helpers of this file hold: no two share one, however many there are. */
const helperKeys = new Set<string>();

/**
 * A pool key past the ones the fake's own tenants take first, not held by another helper (cheap and repeatable);
 * once the pool is used up, a key generated for the helper.
 */
function helperAccessKey(seed: number, index: number): string {
  const key = poolKey(seed, 1000 + index, helperKeys) ?? generateAccessKey();
  helperKeys.add(key);
  return key;
}

/**
 * Creates the in-process fake for a test file or describe block and registers the hooks around it. With
 * `server` (your project's msw server), the fake's handlers are added to it before each test; nested in another
 * helper's describe block, they are added to that helper's server (and win for the inner tests); otherwise the
 * helper starts its own server with `onUnhandledRequest: 'error'`. After each test it puts the fake back as it was
 * created (scenario, seed, users, settings, faults, clock, journal; tenants created by the test are removed), and
 * resets msw's runtime handlers of a server it started. A failed test prints the requests it made.
 * @note The JWT is judged by the fake's clock: with `clock: { start }` far from now, a client that signs at real
 * time is refused (403). Leave the clock running, or sign with `fake.token()`.
 * @example
 * import { useCloudAdminFake, expectCalled } from 'cloud-admin-fake/vitest';
 *
 * const fake = useCloudAdminFake({ scenario: 'default', printCoverage: true });
 *
 * it('gives jane a 3-day code', async () => {
 *   await myClient({ keyFile: fake.apiKey }).enableCode('jane.doe@example.com', 3);
 *   expectCalled(fake, {
 *     operationId: 'enableEmergencyTokencodeV1',
 *     user: 'jane.doe@example.com',
 *     body: { expirationDays: 3 },
 *   }).once();
 * });
 */
export function useCloudAdminFake<const Custom extends string = never>(
  options: UseCloudAdminFakeOptions<Custom> = {},
): CloudAdminFake<BuiltInScenarioName | Custom> {
  const {
    server: given,
    onUnhandledRequest = 'error',
    handlers: extra = [],
    printCoverage = false,
    printJournalOnFailure = true,
    ...fakeOptions
  } = options;
  helperCount += 1;
  const fake = createFake<Custom>({
    ...fakeOptions,
    apiKey: fakeOptions.apiKey ?? helperKey(fakeOptions, helperCount),
  });
  let active = false;
  const [fakeHandler] = createHandlers(fake.core, { isActive: () => active });
  if (!fakeHandler) throw new Error('Failed to create the msw handlers of the fake.');
  const handlers = [fakeHandler, ...extra];
  const own = given ?? setupServer(...handlers);
  /** The server in use: set in beforeAll (the enclosing helper's when nested without a server of its own). */
  let serving: SetupServer = own;
  let started = false;
  const initialTenants = new Set(fake.core.tenantIds());
  const tally: Pick<JournalEntry, 'operationId' | 'status'>[] = [];
  let lastJournal: JournalEntry[] = [];

  const allEntries = (): JournalEntry[] =>
    fake.core.tenantIds().flatMap((accessId) => fake.core.resolveTenant(accessId)?.journal.entries() ?? []);

  beforeAll(() => {
    active = true;
    const outer = running.at(-1);
    if (given === undefined && outer !== undefined) serving = outer;
    else if (given === undefined) {
      own.listen({ onUnhandledRequest });
      started = true;
    }
    running.push(serving);
  });
  beforeEach((context) => {
    // On a server the helper did not start, its handlers are runtime ones: put back what resetHandlers() removed.
    if (!started && !serving.listHandlers().includes(fakeHandler)) serving.use(...handlers);
    if (printJournalOnFailure === false) return;
    context.onTestFailed(() => {
      const text = `cloud-admin-fake: the requests of this test (oldest first):\n${formatJournal(lastJournal)}`;
      if (printJournalOnFailure === true) console.error(text);
      else printJournalOnFailure(text);
    });
  });
  afterEach(() => {
    lastJournal = allEntries();
    if (printCoverage !== false) for (const { operationId, status } of lastJournal) tally.push({ operationId, status });
    if (started) own.resetHandlers();
    for (const accessId of fake.core.tenantIds()) {
      if (!initialTenants.has(accessId)) fake.core.deleteTenant(accessId);
    }
    fake.core.tenant.restart();
  });
  afterAll(() => {
    active = false;
    running.splice(running.lastIndexOf(serving), 1);
    if (started) own.close();
    if (printCoverage === false) return;
    const table = `cloud-admin-fake coverage\n${formatCoverage(coverageOf(tally))}`;
    if (printCoverage === true) console.log(table);
    else printCoverage(table);
  });
  return Object.defineProperty(fake, 'server', { get: () => serving, enumerable: true }) as CloudAdminFake<
    BuiltInScenarioName | Custom
  >;
}
