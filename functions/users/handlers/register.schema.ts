import * as z from 'zod';

export const email = z.string().trim().min(3).max(254);
export const password = z.string().min(1).max(1024);

export const RegisterRequest = {
  body: z
    .strictObject({
      email,
      password,
      name: z.string().trim().min(1).max(100),
      // Accepted and ignored: registration always makes a customer, whatever the body says.
      role: z.unknown().optional(),
    })
    .transform(({ role: _ignored, ...registration }) => registration),
};
