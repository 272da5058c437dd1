/**
 * The bench's own local stack is the one `npm start` runs, launched by scripts/local/launch.ts on free
 * ports with data in memory, so it never meets another engineer's stack or data.
 */
export type { Endpoints } from '../local/launch.ts';

/** Everything the bench signs goes to the local stack; never real credentials. */
export const LOCAL_CREDENTIALS = { accessKeyId: 'local', secretAccessKey: 'local' };
