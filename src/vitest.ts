/** cloud-admin-fake/vitest: one call wires the in-process fake into a vitest file; journal assertions for tests. */
import { setupServer } from 'msw/node';
import type { HttpHandler } from 'msw';
import { createFake, type Fake } from './create-fake.js';
import type { FakeOptions } from './domain/tenant-registry.js';
import { registerFakeHooks } from './testing/vitest-hooks.js';

export {
  expectCalled,
  expectNotCalled,
  matchesLoosely,
  type CallMatcher,
  type CalledExpectation,
  type JournalSource,
} from './testing/expect-called.js';

/** Options of `useCloudAdminFake`: the fake's own, plus how the msw server behaves and what is printed. */
export interface UseCloudAdminFakeOptions extends FakeOptions {
  /** What msw does with a request no handler answers. Default `'error'`: the request fails and msw says why. */
  onUnhandledRequest?: 'error' | 'warn' | 'bypass';
  /** More msw handlers served by the same server (e.g. for other APIs the code under test calls). */
  handlers?: HttpHandler[];
  /**
   * After all tests, print which vendor operations and statuses the file exercised (summed over every test and
   * tenant): `true` prints with console.log, a function receives the table.
   */
  printCoverage?: boolean | ((table: string) => void);
}

/**
 * Creates the in-process fake for a test file and registers the hooks around it: beforeAll starts an msw server
 * with the fake's handlers, afterEach resets msw's runtime handlers and puts the fake back as it was created
 * (scenario, seed, users, settings, faults, clock, journal; tenants created by the test are removed), afterAll
 * closes the server (and prints coverage if asked). Call it at the top of a file or of a describe block.
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
export function useCloudAdminFake(options: UseCloudAdminFakeOptions = {}): Fake {
  const { onUnhandledRequest = 'error', handlers = [], printCoverage = false, ...fakeOptions } = options;
  const fake = createFake(fakeOptions);
  registerFakeHooks(fake.core, setupServer(...fake.handlers, ...handlers), { onUnhandledRequest, printCoverage });
  return fake;
}
