/**
 * Faults of the local SQS event source, set while the stack runs (npm run chaos does): a JSON file
 * that `npm start -- --delivery-faults <file>` names, read again at most once a second.
 *   {"duplicateUntil": "<ISO time>"}   until then, every message is delivered twice
 * The window has an end of its own, so a fault outlives no one who forgot to lift it. A missing or
 * unreadable file means no faults.
 */
import { readFileSync } from 'node:fs';

export type DeliveryFaults = { duplicating(now?: Date): boolean };

const REREAD_MS = 1000;

export function deliveryFaults(file: string | undefined): DeliveryFaults {
  let readAt = Number.NEGATIVE_INFINITY;
  let duplicateUntil = Number.NEGATIVE_INFINITY;
  const refresh = (now: number) => {
    if (file === undefined || now - readAt < REREAD_MS) return;
    readAt = now;
    duplicateUntil = duplicateUntilIn(file);
  };
  return {
    duplicating(now = new Date()) {
      refresh(now.getTime());
      return now.getTime() < duplicateUntil;
    },
  };
}

function duplicateUntilIn(file: string): number {
  try {
    const { duplicateUntil } = JSON.parse(readFileSync(file, 'utf8')) as { duplicateUntil?: unknown };
    const until = typeof duplicateUntil === 'string' ? Date.parse(duplicateUntil) : Number.NaN;
    return Number.isNaN(until) ? Number.NEGATIVE_INFINITY : until;
  } catch {
    return Number.NEGATIVE_INFINITY;
  }
}

/** Writes the faults `deliveryFaults` reads: every message delivered twice until `until`. */
export const duplicateUntilText = (until: Date): string => JSON.stringify({ duplicateUntil: until.toISOString() });
