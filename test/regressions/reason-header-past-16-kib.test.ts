/** Regression: X-Fake-Reason quoted client input in full, so a long claim made clients fail instead of reading the 403. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MAX_REASON_LENGTH } from '../../src/core/errors.js';
import { MODES, startMode, type Harness } from '../support/modes.js';

describe.each(MODES)('a reason quoting a long claim over %s', (mode) => {
  let fake: Harness;
  beforeEach(async () => {
    fake = await startMode(mode, { seed: 1 });
  });
  afterEach(() => fake.stop());

  it('answers a readable 403 whose X-Fake-Reason is cut to 1 KiB', async () => {
    const token = await fake.token({ aud: `https://${'a'.repeat(20_000)}.example/` });
    const answer = await fake.call(
      'POST',
      'v1/users/lookup',
      { email: 'x@example.com', searchUnsynched: false },
      { token },
    );
    expect(answer.status).toBe(403);
    expect(answer.body).toMatchObject({ status: 403, error: 'Forbidden', message: 'Invalid audience' });
    const reason = answer.headers.get('x-fake-reason') ?? '';
    expect(reason.length).toBe(MAX_REASON_LENGTH);
    expect(reason).toMatch(/^wrong audience "https:\/\/a+\.\.\.$/);
  });
});
