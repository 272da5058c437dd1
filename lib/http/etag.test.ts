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

  it.each([['2'], ['banana'], ['W/"1"'], ['"abc"'], ['"1", W/"2"'], [','], ['"-1"'], ['**']])(
    'refuses %s, which holds a tag that is not one of ours, naming the header and its form',
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
