/** The whole workflow a client runs, in every transport: lookup -> enable -> lookup -> disable -> lookup. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MODES, startMode, type Harness } from './support/modes.js';

describe.each(MODES)('workflow over %s', (mode) => {
  let fake: Harness;
  beforeEach(async () => {
    fake = await startMode(mode, { seed: 7, clock: { start: '2026-03-01T09:00:00.000Z' } });
  });
  afterEach(() => fake.stop());

  it('gives jane a server-generated code that lookup then shows, and disable clears it online', async () => {
    const looked = await fake.call('POST', 'v1/users/lookup', {
      email: 'jane.doe@example.com',
      searchUnsynched: false,
    });
    expect(looked.status).toBe(200);
    const user = looked.body as { id: string; emergencyAccessStatus: string; emergencyTokencodeId: string | null };
    expect(user).toMatchObject({
      emailAddress: 'jane.doe@example.com',
      emergencyAccessStatus: 'Disabled',
      emergencyTokencodeId: null,
    });

    const enabled = await fake.call('PUT', `v1/users/${user.id}/emergencyTokencode`, { expirationDays: '7' });
    expect(enabled.status).toBe(200);
    expect(enabled.headers.get('content-type')).toBe('application/json');
    const code = enabled.body as { emergencyTokencodeId: string; emergencyTokencode: string; expirationDate: string };
    expect(code.emergencyTokencode).toMatch(/^[0-9A-Z]{8}$/);
    expect(code.expirationDate).toBe('2026-03-08T09:00:00.000Z');

    const after = await fake.call('POST', 'v1/users/lookup', { email: 'jane.doe@example.com' });
    expect(after.body).toMatchObject({
      emergencyAccessStatus: 'Enabled',
      emergencyTokencodeId: code.emergencyTokencodeId,
      emergencyTokencodeExpiration: '2026-03-08T09:00:00.000Z',
      offlineEmergencyTokencodeExpiration: '2026-03-08T09:00:00.000Z',
      offlineEmergencyAccessStatus: 'Enabled',
    });

    const disabled = await fake.call('DELETE', `v1/users/${user.id}/emergencyTokencode/${code.emergencyTokencodeId}`);
    expect(disabled.status).toBe(200);
    expect(disabled.body).toBeNull();
    expect(disabled.headers.get('content-type')).toBe('application/json');

    // Online the code is gone; offline (RSA MFA Agent for Windows) it works until it expires (D-DEAC).
    const cleared = await fake.call('POST', 'v1/users/lookup', { email: 'jane.doe@example.com' });
    expect(cleared.body).toMatchObject({
      emergencyAccessStatus: 'Disabled',
      emergencyTokencodeId: null,
      emergencyTokencodeExpiration: null,
      offlineEmergencyTokencodeExpiration: '2026-03-08T09:00:00.000Z',
      offlineEmergencyAccessStatus: 'Enabled',
    });
  });
});
