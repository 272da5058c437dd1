import { randomUUID } from 'node:crypto';

/** New ids, as a port: use cases take a generator, so tests can predict the ids. */
export interface IdGenerator {
  next(): string;
}

/** Random UUIDs (v4). */
export const randomIds: IdGenerator = { next: () => randomUUID() };
