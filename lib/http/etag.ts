import { PreconditionRequiredError, ValidationError } from '../errors.ts';

/** The most versions a conditional write can admit (DynamoDB allows 100 values in an IN). */
const MAX_VERSIONS = 100;

/** A strong ETag made from a resource's version number. */
export const etagOf = (version: number): string => `"${version}"`;

/** What an `If-Match` of ours looks like, said to a caller who sent something else. */
const IF_MATCH_FORM = 'must be the ETag you last read ("<version>", quotes included), a comma-separated list of them, or *';

/** The opaque part of an ETag we send: a version, as etagOf spells it. */
const OUR_VERSION = /^[1-9]\d{0,14}$/;

/**
 * Reads the `If-Match` a write must carry: `*` (any version) or the versions behind the listed ETags.
 * If-Match compares strongly and exactly (RFC 9110), so a well-formed tag that is not one we send (a
 * weak `W/"1"`, a foreign `"abc"`, `"01"`) matches no version: it adds none, and a list of only such
 * tags admits none, which the write answers with 412 as it would a stale one. What is no list of
 * entity tags at all (an unquoted `2`, `*` in a list) is refused (400, naming the header). No header
 * at all is a 428.
 */
export function requiredIfMatch(headers: Readonly<Record<string, string | undefined>>): 'any' | number[] {
  const header = headers['if-match']?.trim();
  if (header === undefined || header === '') {
    throw new PreconditionRequiredError('This write needs an If-Match header with the ETag you last read.');
  }
  if (header === '*') return 'any';
  const tags = entityTags(header);
  if (tags === undefined || tags.length === 0) throw new ValidationError([{ field: 'headers.if-match', reason: IF_MATCH_FORM }]);
  const versions = new Set(tags.filter((tag) => !tag.weak && OUR_VERSION.test(tag.opaque)).map((tag) => Number(tag.opaque)));
  if (versions.size > MAX_VERSIONS) {
    throw new ValidationError([{ field: 'headers.if-match', reason: `must name at most ${MAX_VERSIONS} ETags` }]);
  }
  return [...versions];
}

/**
 * The entity tags of a list as RFC 9110 writes it (`#entity-tag`: empty elements allowed, a tag's
 * quotes may hold a comma), or undefined when the header is no such list.
 */
function entityTags(header: string): Array<{ weak: boolean; opaque: string }> | undefined {
  const element = /[ \t]*(?:(W\/)?"([\x21\x23-\x7E\x80-\xFF]*)")?[ \t]*(,|$)/y;
  const tags: Array<{ weak: boolean; opaque: string }> = [];
  while (element.lastIndex < header.length) {
    const match = element.exec(header);
    if (match === null) return undefined;
    const [, weak, opaque, separator] = match;
    if (opaque !== undefined) tags.push({ weak: weak !== undefined, opaque });
    if (separator === '') break;
  }
  return tags;
}
