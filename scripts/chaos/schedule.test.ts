import { defaultSchedule, FAULT_KINDS, formatSchedule, parseFaults } from './schedule.ts';

describe('the schedule of a chaos run', () => {
  it('reads kind@second and kind@second+seconds, in time order', () => {
    expect(parseFaults('provider-outage@40+30,kill-functions@20', 180)).toEqual([
      { kind: 'kill-functions', atSeconds: 20 },
      { kind: 'provider-outage', atSeconds: 40, seconds: 30 },
    ]);
  });

  it('refuses an unknown fault, a missing or needless length, and a fault after the run', () => {
    expect(() => parseFaults('meteor@3', 60)).toThrow('unknown fault "meteor"');
    expect(() => parseFaults('duplicates@3', 60)).toThrow('duplicates lasts');
    expect(() => parseFaults('poison@3+5', 60)).toThrow('poison happens once');
    expect(() => parseFaults('kill-functions@90', 60)).toThrow("after the run's 60 s");
    expect(() => parseFaults('kill-functions', 60)).toThrow('is not kind@second');
  });

  it('by default injects every kind of fault within the run, the outage for 30 s', () => {
    const schedule = defaultSchedule(180);

    expect(new Set(schedule.map(({ kind }) => kind))).toEqual(new Set(Object.keys(FAULT_KINDS)));
    for (const { atSeconds, seconds = 0 } of schedule) expect(atSeconds + seconds).toBeLessThanOrEqual(180);
    expect(schedule.find(({ kind }) => kind === 'provider-outage')?.seconds).toBe(30);
    expect(parseFaults('default', 180)).toEqual(schedule);
    expect(parseFaults('none', 180)).toEqual([]);
  });

  it('is printed one fault a line, with its window and what it does', () => {
    const text = formatSchedule(parseFaults('kill-functions@20,provider-outage@40+30', 180));

    expect(text.split('\n')).toEqual([
      expect.stringContaining('Faults'),
      expect.stringMatching(/at 20 s\s+kill-functions\s+kill -9/),
      expect.stringMatching(/from 40 s to 70 s\s+provider-outage\s+the payment provider down/),
    ]);
  });
});
