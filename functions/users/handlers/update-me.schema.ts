import * as z from '../../../lib/zod.ts';
import { name, password } from './register.schema.ts';

export const UpdateMeRequest = {
  caller: true as const,
  body: z
    .strictObject({
      name: z.optional(name),
      currentPassword: z.optional(password),
      newPassword: z.optional(password),
    })
    .check(
      z.refine((changes) => Object.keys(changes).length > 0, 'must change at least one field'),
      z.refine((changes) => changes.newPassword === undefined || changes.currentPassword !== undefined, {
        path: ['currentPassword'],
        message: 'is needed to set a new password',
      }),
    ),
};
