import { secondsByState, stateSpans } from './agent-day';

const T = Date.UTC(2026, 11, 5, 0, 0, 0);
const at = (minutes: number) => T + minutes * 60_000;

describe("an agent's day as state spans", () => {
  it('starts in the state entered before the day, closes each span at the next change and the last at now', () => {
    const spans = stateSpans(
      [
        { at: at(-120), to: 'not_ready', reason: 'break' },
        { at: at(60), to: 'available', reason: null },
        { at: at(90), to: 'busy', reason: null },
        { at: at(100), to: 'available', reason: null },
      ],
      T,
      at(120),
    );
    expect(spans).toEqual([
      { state: 'not_ready', reason: 'break', from: T, to: at(60) },
      { state: 'available', reason: null, from: at(60), to: at(90) },
      { state: 'busy', reason: null, from: at(90), to: at(100) },
      { state: 'available', reason: null, from: at(100), to: at(120) },
    ]);
    expect(secondsByState(spans)).toMatchObject({ not_ready: 3600, available: 3000, busy: 600, offline: 0 });
  });

  it('is offline all day without any change, and merges a repeated state', () => {
    expect(stateSpans([], T, at(30))).toEqual([{ state: 'offline', reason: null, from: T, to: at(30) }]);
    expect(stateSpans([{ at: at(10), to: 'offline', reason: null }, { at: at(20), to: 'available', reason: null }], T, at(30))).toEqual([
      { state: 'offline', reason: null, from: T, to: at(20) },
      { state: 'available', reason: null, from: at(20), to: at(30) },
    ]);
  });

  it('keeps the not-ready reason apart: a break then lunch are two spans', () => {
    const spans = stateSpans([{ at: at(0), to: 'not_ready', reason: 'break' }, { at: at(15), to: 'not_ready', reason: 'lunch' }], T, at(45));
    expect(spans.map((span) => span.reason)).toEqual(['break', 'lunch']);
  });
});
