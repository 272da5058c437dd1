import * as z from 'zod';

export const RefreshRequest = { body: z.strictObject({ refreshToken: z.string().min(1).max(200) }) };
