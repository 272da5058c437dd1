import { normaliseEmail } from '../domain/user.ts';
import type { LoginAttempts } from '../ports.ts';
import { loginSource } from './login-throttling.ts';

export type UnthrottleLoginDeps = { attempts: LoginAttempts };
export type Unthrottling = { email: string; address?: string };

/**
 * For the operator's script: lifts the throttle on an email's logins. With an address, the email's
 * failures from it and that address's own (whatever emails it tried); without, the email's failures
 * from every address. Answers how many windows were lifted.
 */
export async function unthrottleLogin({ attempts }: UnthrottleLoginDeps, { email, address }: Unthrottling): Promise<number> {
  const normalised = normaliseEmail(email);
  if (address === undefined) return attempts.forgetEmail(normalised);
  const source = loginSource(normalised, address);
  const lifted = await Promise.all([attempts.forget(source), attempts.forget({ address: source.address })]);
  return lifted.filter(Boolean).length;
}
