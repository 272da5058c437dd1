import { oneLineText } from '../../../lib/text.ts';
import * as z from '../../../lib/zod.ts';
import { ROLES } from '../../../lib/roles.ts';

export const email = z.string().check(z.trim(), z.minLength(3), z.maxLength(254));
export const password = z.string().check(z.minLength(1), z.maxLength(1024));
export const name = z.string().check(z.trim(), z.minLength(1), z.maxLength(100), oneLineText());

export const RegisterRequest = {
  body: z.pipe(
    z.strictObject({
      email,
      password,
      name,
      // Accepted and ignored: registration always makes a customer, whatever the body says.
      role: z.optional(z.unknown()),
    }),
    z.transform(({ role: _ignored, ...registration }) => registration),
  ),
};

/** An account as the users routes answer it: never the password or its hash. */
export const User = z.object({
  id: z.uuid(),
  email: z.string(),
  name: z.string(),
  role: z.enum(ROLES),
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
});
