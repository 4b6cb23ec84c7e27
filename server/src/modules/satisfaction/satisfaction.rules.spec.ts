import { satisfactionOf } from '@callcentre/shared';
import { isPoorAnswer } from './satisfaction.rules';

describe('satisfaction rules', () => {
  it('computes satisfaction as experience minus expectation', () => {
    expect(satisfactionOf(5, 3)).toBe(2);
    expect(satisfactionOf(2, 5)).toBe(-3);
    expect(satisfactionOf(4, 4)).toBe(0);
  });

  it('calls an answer poor at or below the threshold, or when the experience was the lowest mark', () => {
    expect(isPoorAnswer(2, 4, -2)).toBe(true);
    expect(isPoorAnswer(3, 4, -2)).toBe(false);
    expect(isPoorAnswer(1, 1, -2)).toBe(true);
    expect(isPoorAnswer(3, 4, -1)).toBe(true);
    expect(isPoorAnswer(5, 1, -2)).toBe(false);
  });
});
