import { DomainError } from '../../common/http/domain-error';

export const queueErrors = {
  codeTaken: (code: string) => new DomainError('QUEUE_CODE_TAKEN', `a queue with code '${code}' already exists`, 409, { code }),
  unknownSkills: (skills: string[]) => new DomainError('SKILL_NOT_FOUND', `skill(s) ${skills.map((s) => `'${s}'`).join(', ')} do not exist`, 404, { skills }),
  unknownOverflow: (code: string) => new DomainError('QUEUE_NOT_FOUND', `overflow queue '${code}' does not exist`, 404, { queue: code }),
  overflowToItself: () => new DomainError('OVERFLOW_TO_ITSELF', 'A queue cannot overflow into itself', 400),
  overflowNeedsWait: () => new DomainError('OVERFLOW_NEEDS_MAX_WAIT', 'Give maxWaitSeconds together with overflowQueue', 400),
  overflowCycle: (path: string[]) => new DomainError('OVERFLOW_CYCLE', `overflow would loop: ${path.join(' → ')}`, 400, { path }),
  badTimeZone: (zone: string) => new DomainError('INVALID_TIME_ZONE', `'${zone}' is not a time zone`, 400, { timeZone: zone }),
  badHours: (problem: string) => new DomainError('INVALID_BUSINESS_HOURS', problem, 400),
  duplicateSkill: (skill: string) => new DomainError('DUPLICATE_SKILL', `skill '${skill}' is listed twice`, 400, { skill }),
};
