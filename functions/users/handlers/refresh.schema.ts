import * as z from '../../../lib/zod.ts';

export const RefreshRequest = { body: z.strictObject({ refreshToken: z.string().check(z.minLength(1), z.maxLength(200)) }) };
