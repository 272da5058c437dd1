import * as z from '../../../lib/zod.ts';
import { email, password } from './register.schema.ts';

export const LogInRequest = { body: z.strictObject({ email, password }) };
