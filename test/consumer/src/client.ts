/** The README's "your code under test" of the vitest helper example. */
import { call, type KeyFile } from './sign.js';

/** A client bound to one key file. */
export function createClient({ keyFile }: { keyFile: KeyFile }) {
  return {
    /** Gives the user a code valid for `days` days and returns it. */
    async enableCode(email: string, days: number): Promise<string> {
      const user = await call<{ id: string }>(keyFile, 'POST', 'v1/users/lookup', { email });
      const code = await call<{ emergencyTokencode: string }>(
        keyFile,
        'PUT',
        `v1/users/${user.id}/emergencyTokencode`,
        {
          expirationDays: days,
        },
      );
      return code.emergencyTokencode;
    },
  };
}
