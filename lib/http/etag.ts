import { PreconditionRequiredError, ValidationError } from '../errors.ts';

/** The most versions a conditional write can admit (DynamoDB allows 100 values in an IN). */
const MAX_VERSIONS = 100;

/** A strong ETag made from a resource's version number. */
export const etagOf = (version: number): string => `"${version}"`;

/**
 * Reads the `If-Match` a write must carry: `*` (any version) or the versions behind the listed strong
 * ETags. An entry that is not one of ours (a weak or foreign tag) can never match, so it drops out and
 * the write fails its precondition (412) rather than the request (400). No header at all is a 428.
 */
export function requiredIfMatch(headers: Readonly<Record<string, string | undefined>>): 'any' | number[] {
  const header = headers['if-match']?.trim();
  if (header === undefined || header === '') {
    throw new PreconditionRequiredError('This write needs an If-Match header with the ETag you last read.');
  }
  if (header === '*') return 'any';
  const versions = new Set(
    header
      .split(',')
      .map((tag) => /^"(\d{1,15})"$/.exec(tag.trim())?.[1])
      .filter((version) => version !== undefined)
      .map(Number),
  );
  if (versions.size > MAX_VERSIONS) {
    throw new ValidationError([{ field: 'headers.if-match', reason: `must name at most ${MAX_VERSIONS} ETags` }]);
  }
  return [...versions];
}
