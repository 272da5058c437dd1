import { PreconditionRequiredError, ValidationError } from '../errors.ts';

/** The most versions a conditional write can admit (DynamoDB allows 100 values in an IN). */
const MAX_VERSIONS = 100;

/** A strong ETag made from a resource's version number. */
export const etagOf = (version: number): string => `"${version}"`;

/** What an `If-Match` of ours looks like, said to a caller who sent something else. */
const IF_MATCH_FORM = 'must be the ETag you last read ("<version>", quotes included), a comma-separated list of them, or *';

/**
 * Reads the `If-Match` a write must carry: `*` (any version) or the versions behind the listed strong
 * ETags. Our ETags are all strong and numbered, so an entry that is not one (an unquoted `2`, a weak
 * `W/"1"`, a foreign `"abc"`) could never have come from us: the request is refused (400, naming the
 * header) rather than failing its precondition with nothing to compare. No header at all is a 428.
 */
export function requiredIfMatch(headers: Readonly<Record<string, string | undefined>>): 'any' | number[] {
  const header = headers['if-match']?.trim();
  if (header === undefined || header === '') {
    throw new PreconditionRequiredError('This write needs an If-Match header with the ETag you last read.');
  }
  if (header === '*') return 'any';
  // RFC 9110 lets a list hold empty elements ("1", , "2"); they name nothing.
  const tags = header.split(',').map((tag) => tag.trim()).filter((tag) => tag !== '');
  const versions = new Set<number>();
  for (const tag of tags) {
    const version = /^"(\d{1,15})"$/.exec(tag)?.[1];
    if (version === undefined) throw new ValidationError([{ field: 'headers.if-match', reason: IF_MATCH_FORM }]);
    versions.add(Number(version));
  }
  if (versions.size === 0) throw new ValidationError([{ field: 'headers.if-match', reason: IF_MATCH_FORM }]);
  if (versions.size > MAX_VERSIONS) {
    throw new ValidationError([{ field: 'headers.if-match', reason: `must name at most ${MAX_VERSIONS} ETags` }]);
  }
  return [...versions];
}
