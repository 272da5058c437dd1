import { zodFieldErrors } from '../../../lib/validation.ts';
import { RegisterRequest } from './register.schema.ts';
import { UpdateMeRequest } from './update-me.schema.ts';

const registration = { email: 'ada@example.com', password: 'correct horse battery' };
const refusedFields = (result: { success: boolean; error?: Parameters<typeof zodFieldErrors>[0] }) =>
  result.error === undefined ? [] : zodFieldErrors(result.error, undefined).map(({ field }) => field);

describe("a user's name", () => {
  it.each([
    ['a line feed', 'Ada\nLovelace'],
    ['a carriage return', 'Ada\rLovelace'],
    ['a NUL', 'Ada\u0000'],
    ['a right-to-left override', 'Ada \u202Eecalevol'],
    ['an escape (ANSI colours)', '\u001b[2JAda'],
  ])('is refused holding %s, naming name, on register and on PATCH /users/me', (_what, name) => {
    expect(refusedFields(RegisterRequest.body.safeParse({ ...registration, name }))).toEqual(['name']);
    expect(refusedFields(UpdateMeRequest.body.safeParse({ name }))).toEqual(['name']);
  });

  it('is taken in any script, with emoji, trimmed', () => {
    for (const name of ['Ada Lovelace', 'Zoë', 'أدا', '李雷', '🧑‍💻 Ada']) {
      expect(RegisterRequest.body.safeParse({ ...registration, name: ` ${name}\n` }).data?.name).toBe(name);
    }
  });
});
