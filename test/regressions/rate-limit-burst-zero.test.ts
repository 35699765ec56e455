/**
 * Regression: `--rate-limit 1/0` answered every request 429 and its exported state could not be imported;
 * `--users 9999999999` passed the flag check and grew until V8 aborted. Both are refused when the fake is made.
 */
import { describe, expect, it } from 'vitest';
import { createFake } from '../../src/create-fake.js';
import { parseCliOptions, UsageError } from '../../src/server/cli-options.js';
import { startServer } from '../../src/server/start-server.js';

describe('throttle and user counts the fake cannot serve', () => {
  it('refuses a burst of 0 when the fake is made, naming the field', async () => {
    expect(() => createFake({ throttle: { requestsPerSecond: 1, burst: 0 } })).toThrow(
      'Failed to create the fake: throttle/burst must be >= 1.',
    );
    const parsed = parseCliOptions(['--rate-limit', '1/0'], {});
    if (parsed.help || parsed.version) throw new Error('not help');
    const options = { ...parsed.options, port: 0 };
    delete options.keyFile;
    await expect(startServer(options)).rejects.toThrow('throttle/burst must be >= 1');
  });

  it('refuses a rate the state could not hold', () => {
    expect(() => createFake({ throttle: { requestsPerSecond: 1e7, burst: 1 } })).toThrow(
      'Failed to create the fake: throttle/requestsPerSecond must be <= 1000000.',
    );
  });

  it('refuses --users past --max-users with one line, and takes them up to it', () => {
    expect(() => parseCliOptions(['--users', '9999999999'], {})).toThrow(UsageError);
    expect(() => parseCliOptions(['--users', '9999999999'], {})).toThrow(
      '--users must be at most 100000 (raise --max-users), got 9999999999',
    );
    const parsed = parseCliOptions(['--users', '20', '--max-users', '20', '--max-tenants', '3'], {});
    expect(parsed).toMatchObject({ help: false, options: { users: 20, maxUsers: 20, maxTenants: 3 } });
  });
});
