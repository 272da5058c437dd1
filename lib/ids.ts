import { randomUUID } from 'node:crypto';
import * as z from './zod.ts';

/** New ids, as a port: use cases take a generator, so tests can predict the ids. */
export interface IdGenerator {
  next(): string;
}

/** Random UUIDs (v4), lower case as randomUUID makes them. */
export const randomIds: IdGenerator = { next: () => randomUUID() };

/**
 * A UUID in any letter case, read as its canonical lower-case form. RFC 9562 makes a UUID one value
 * whatever its case, so an id that differs only in case is accepted as the same id, not refused: every
 * key, comparison and answer then sees one spelling, and one order or product cannot be two.
 */
export const canonicalUuid = (message?: string) => z.uuid(message).check(z.toLowerCase());
