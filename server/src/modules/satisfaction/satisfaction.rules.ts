import { satisfactionOf } from '@callcentre/shared';

/**
 * Whether an answer is poor: its satisfaction (experience − expectation) is at or below the centre's threshold
 * (SATISFACTION_POOR_SCORE, −2 by default), or the experience itself was the lowest mark whatever was expected.
 */
export function isPoorAnswer(experience: number, expectation: number, poorScore: number): boolean {
  return experience === 1 || satisfactionOf(experience, expectation) <= poorScore;
}
