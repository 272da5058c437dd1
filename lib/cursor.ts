import { Buffer } from 'node:buffer';
import { ValidationError } from './errors.ts';
import type * as z from './zod.ts';

/** A list cursor refused: a 400 naming `query.cursor`. */
export const refuseCursor = (reason: string): ValidationError => new ValidationError([{ field: 'query.cursor', reason }]);

/**
 * Opaque list cursors: where a page ended, as base64url JSON, checked against `schema` when it comes
 * back, so a forged cursor (unbounded or of another shape) is a 400 and never reaches the store.
 */
export function cursorCodec<S extends z.ZodMiniType>(schema: S) {
  return {
    encode: (position: z.output<S>): string => Buffer.from(JSON.stringify(position)).toString('base64url'),
    decode(text: string): z.output<S> {
      let decoded: unknown;
      try {
        decoded = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'));
      } catch {
        throw refuseCursor('is not a cursor this API gave out');
      }
      const cursor = schema.safeParse(decoded);
      if (!cursor.success) throw refuseCursor('is not a cursor this API gave out');
      return cursor.data;
    },
  };
}
