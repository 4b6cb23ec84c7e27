import { act, render, screen } from '@testing-library/react';
import { Countdown, countdownTone, formatRemaining } from './Countdown';

describe('formatRemaining', () => {
  it.each([
    [0, '0:00'],
    [-3, '0:00'],
    [7.2, '0:08'],
    [59, '0:59'],
    [60, '1:00'],
    [754, '12:34'],
    [3_600, '1:00:00'],
    [3_725, '1:02:05'],
  ])('shows %d s as %s', (seconds, shown) => {
    expect(formatRemaining(seconds)).toBe(shown);
  });
});

describe('countdownTone', () => {
  it('turns amber, then red, as the deadline nears', () => {
    expect(countdownTone(30, 10, 5)).toBe('neutral');
    expect(countdownTone(10, 10, 5)).toBe('warning');
    expect(countdownTone(5, 10, 5)).toBe('critical');
    expect(countdownTone(0, 10, 5)).toBe('critical');
  });
});

describe('Countdown', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  it('ticks down on its clock, changes colour and reports the deadline once', () => {
    let now = 1_000_000;
    const clock = () => now;
    const onElapsed = jest.fn();
    render(<Countdown deadline={now + 12_000} now={clock} label="Time left to accept" onElapsed={onElapsed} />);

    const timer = screen.getByRole('timer', { name: 'Time left to accept' });
    expect(timer).toHaveTextContent('0:12');
    expect(timer).toHaveClass('ds-countdown--neutral');

    now += 3_000;
    act(() => jest.advanceTimersByTime(250));
    expect(timer).toHaveTextContent('0:09');
    expect(timer).toHaveClass('ds-countdown--warning');

    now += 5_000;
    act(() => jest.advanceTimersByTime(250));
    expect(timer).toHaveTextContent('0:04');
    expect(timer).toHaveClass('ds-countdown--critical');
    expect(onElapsed).not.toHaveBeenCalled();

    now += 10_000;
    act(() => jest.advanceTimersByTime(250));
    expect(timer).toHaveTextContent('0:00');
    act(() => jest.advanceTimersByTime(2_000));
    expect(onElapsed).toHaveBeenCalledTimes(1);
  });
});
