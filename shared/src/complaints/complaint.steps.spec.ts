import { COMPLAINT_STAGE_GUIDANCE, COMPLAINT_STEPS } from './complaint.steps';
import { COMPLAINT_STEP_IDS } from './complaint.types';

describe('COMPLAINT_STEPS', () => {
  it('lists the six steps in order', () => {
    expect(COMPLAINT_STEPS.map((step) => step.id)).toEqual([...COMPLAINT_STEP_IDS]);
  });

  it('gives every step and stage short guidance', () => {
    for (const text of [...COMPLAINT_STEPS.map((step) => step.guidance), ...Object.values(COMPLAINT_STAGE_GUIDANCE)]) {
      expect(text.trim().length).toBeGreaterThan(20);
      expect(text.length).toBeLessThanOrEqual(200);
    }
    expect(new Set(COMPLAINT_STEPS.map((step) => step.title)).size).toBe(6);
  });
});
