/** The README's "your code": a help-desk client that looks a user up and gives them a 3-day code. */
import { call, type KeyFile } from './sign.js';

/** Returns the emergency code the server generated for `email`. */
export async function giveEmergencyCode(key: KeyFile, email: string): Promise<string> {
  const user = await call<{ id: string }>(key, 'POST', 'v1/users/lookup', { email });
  const code = await call<{ emergencyTokencode: string }>(key, 'PUT', `v1/users/${user.id}/emergencyTokencode`, {
    expirationDays: 3,
  });
  return code.emergencyTokencode;
}
