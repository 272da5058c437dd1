import { TransientError } from '../../lib/errors.ts';

/** A retry of a call that lost a race (TransientError), as its caller would try again, until it is decided. */
export async function untilDecided<T>(call: () => Promise<T>): Promise<T> {
  for (;;) {
    try {
      return await call();
    } catch (error) {
      if (!(error instanceof TransientError)) throw error;
    }
  }
}
