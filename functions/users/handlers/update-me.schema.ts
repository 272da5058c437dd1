import * as z from 'zod';
import { password } from './register.schema.ts';

export const UpdateMeRequest = {
  caller: true as const,
  body: z
    .strictObject({ name: z.string().trim().min(1).max(100).optional(), currentPassword: password.optional(), newPassword: password.optional() })
    .refine((changes) => Object.keys(changes).length > 0, 'must change at least one field')
    .refine((changes) => changes.newPassword === undefined || changes.currentPassword !== undefined, {
      path: ['currentPassword'],
      message: 'is needed to set a new password',
    }),
};
