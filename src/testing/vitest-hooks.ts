/** The vitest hooks around an in-process fake: start and stop msw, put the fake back after each test, tally coverage. */
import { afterAll, afterEach, beforeAll } from 'vitest';
import type { SetupServer } from 'msw/node';
import type { JournalEntry } from '../core/journal.js';
import type { TenantRegistry } from '../domain/tenant-registry.js';
import { coverageOf, formatCoverage } from './coverage.js';

/** How the hooks behave. */
export interface FakeHookOptions {
  /** What msw does with a request no handler answers. */
  onUnhandledRequest: 'error' | 'warn' | 'bypass';
  /** After all tests, print coverage: `true` with console.log, a function receives the table. */
  printCoverage: boolean | ((table: string) => void);
}

/**
 * Registers the hooks: beforeAll starts `server`, afterEach resets msw's runtime handlers and puts the registry back
 * as it was (tenants created since are removed, the default tenant restarted), afterAll closes the server and prints
 * the coverage summed over every test and tenant, if asked.
 * @example registerFakeHooks(fake.core, setupServer(...fake.handlers), { onUnhandledRequest: 'error', printCoverage: false });
 */
export function registerFakeHooks(registry: TenantRegistry, server: SetupServer, options: FakeHookOptions): void {
  const { onUnhandledRequest, printCoverage } = options;
  const initialTenants = new Set(registry.tenantIds());
  const tally: Pick<JournalEntry, 'operationId' | 'status'>[] = [];

  const collectCoverage = (): void => {
    if (printCoverage === false) return;
    for (const accessId of registry.tenantIds()) {
      for (const { operationId, status } of registry.resolveTenant(accessId)?.journal.entries() ?? []) {
        tally.push({ operationId, status });
      }
    }
  };

  beforeAll(() => {
    server.listen({ onUnhandledRequest });
  });
  afterEach(() => {
    server.resetHandlers();
    collectCoverage();
    for (const accessId of registry.tenantIds()) {
      if (!initialTenants.has(accessId)) registry.deleteTenant(accessId);
    }
    registry.tenant.restart();
  });
  afterAll(() => {
    server.close();
    if (printCoverage === false) return;
    const table = `cloud-admin-fake coverage\n${formatCoverage(coverageOf(tally))}`;
    if (printCoverage === true) console.log(table);
    else printCoverage(table);
  });
}
