import { PreconditionRequiredError, ValidationError } from '../errors.ts';
import { etagOf, requiredIfMatch } from './etag.ts';

describe('If-Match', () => {
  it('makes a strong ETag of a version', () => {
    expect(etagOf(12)).toBe('"12"');
  });

  it('reads one or several of our ETags, and * as any version', () => {
    expect(requiredIfMatch({ 'if-match': '"3"' })).toEqual([3]);
    expect(requiredIfMatch({ 'if-match': '"3", "4"' })).toEqual([3, 4]);
    expect(requiredIfMatch({ 'if-match': '*' })).toBe('any');
  });

  it.each([
    ['"stale"', 'an opaque tag that is not one of ours'],
    ['"01"', 'a tag that spells a version otherwise than we do (strong comparison is exact)'],
    ['"1234567890123456"', 'a number longer than any version'],
    ['W/"1"', 'a weak tag, which If-Match never matches (RFC 9110 compares strongly)'],
    ['"a,b"', 'a tag holding a comma'],
    ['""', 'an empty tag'],
  ])('reads %s, %s, as matching no version: the write fails its precondition (412), it is no bad request', (header) => {
    expect(requiredIfMatch({ 'if-match': header })).toEqual([]);
  });

  it('keeps the versions of ours from a list that also holds tags no version matches', () => {
    expect(requiredIfMatch({ 'if-match': '"1", W/"2", "stale", "3"' })).toEqual([1, 3]);
  });

  it.each([['2'], ['banana'], ['W/1'], ['"1'], ['"1" "2"'], [','], ['**'], ['*, "1"'], ['"1", *'], ['"tab\there"'], ['w/"1"']])(
    'refuses %s, which is no entity tag or list of them, naming the header and its form',
    (header) => {
      const read = () => requiredIfMatch({ 'if-match': header });

      expect(read).toThrow(ValidationError);
      expect(read).toThrow('headers.if-match: must be the ETag you last read ("<version>", quotes included), a comma-separated list of them, or *');
    },
  );

  it('skips the empty elements a list may hold', () => {
    expect(requiredIfMatch({ 'if-match': '"3", , "4",' })).toEqual([3, 4]);
  });

  it('counts a version once, and refuses more than 100 of them', () => {
    const tags = (count: number) => Array.from({ length: count }, (_, n) => `"${n + 1}"`).join(', ');

    expect(requiredIfMatch({ 'if-match': '"3", "3"' })).toEqual([3]);
    expect(requiredIfMatch({ 'if-match': tags(100) })).toHaveLength(100);
    expect(() => requiredIfMatch({ 'if-match': tags(101) })).toThrow(ValidationError);
  });

  it('requires the header on writes', () => {
    expect(() => requiredIfMatch({})).toThrow(PreconditionRequiredError);
    expect(() => requiredIfMatch({ 'if-match': ' ' })).toThrow(PreconditionRequiredError);
  });
});
