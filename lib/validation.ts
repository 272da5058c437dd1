import type * as z from 'zod';
import type { FieldError } from './errors.ts';

/**
 * zod's issues as field errors named from the root (`body.priceCents`); an unknown key is reported
 * under its own name, so the caller sees which field to drop.
 */
export function zodFieldErrors(error: z.ZodError, root: string): FieldError[] {
  return error.issues.flatMap((issue) => {
    const at = [root, ...issue.path.map(String)].join('.');
    if (issue.code === 'unrecognized_keys') {
      return issue.keys.map((key) => ({ field: `${at}.${key}`, reason: 'is not a known field' }));
    }
    return [{ field: at, reason: issue.message }];
  });
}
