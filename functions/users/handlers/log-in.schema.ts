import * as z from 'zod';
import { email, password } from './register.schema.ts';

export const LogInRequest = { body: z.strictObject({ email, password }) };
