import type { RoutingError } from '@callcentre/shared';
import { DomainError } from '../../common/http/domain-error';

/** The request field a refusal of the routing core is about: its problems start with the core's name for the field. */
const FIELD_OF_ROUTING_PROBLEM: ReadonlyArray<readonly [RegExp, string]> = [
  [/^relaxation/, 'relaxationSteps'],
  [/^overflow\.afterSeconds/, 'maxWaitSeconds'],
  [/^overflow/, 'overflowQueue'],
  [/^(requiredSkills|optionalSkills)|both required and optional/, 'skills'],
  [/^serviceLevel/, 'serviceLevelPercent'],
  [/^basePriority/, 'basePriority'],
  [/^offerTimeoutSeconds/, 'offerTimeoutSeconds'],
  [/^wrapUpSeconds/, 'wrapUpSeconds'],
  [/strategy/, 'strategy'],
];

/** Every refusal names the request field it is about (`details.field`), as the validation pipe's `fields` do. */
export const queueErrors = {
  codeTaken: (code: string) => new DomainError('QUEUE_CODE_TAKEN', `a queue with code '${code}' already exists`, 409, { field: 'code', code }),
  unknownSkills: (skills: string[]) => new DomainError('SKILL_NOT_FOUND', `skill(s) ${skills.map((s) => `'${s}'`).join(', ')} do not exist`, 404, { field: 'skills', skills }),
  unknownOverflow: (code: string) => new DomainError('QUEUE_NOT_FOUND', `overflow queue '${code}' does not exist`, 404, { field: 'overflowQueue', queue: code }),
  overflowToItself: () => new DomainError('OVERFLOW_TO_ITSELF', 'A queue cannot overflow into itself', 400, { field: 'overflowQueue' }),
  overflowNeedsWait: () => new DomainError('OVERFLOW_NEEDS_MAX_WAIT', 'Give maxWaitSeconds together with overflowQueue', 400, { field: 'maxWaitSeconds' }),
  overflowCycle: (path: string[]) => new DomainError('OVERFLOW_CYCLE', `overflow would loop: ${path.join(' → ')}`, 400, { field: 'overflowQueue', path }),
  badTimeZone: (zone: string) => new DomainError('INVALID_TIME_ZONE', `'${zone}' is not a time zone`, 400, { field: 'businessHours.timeZone', timeZone: zone }),
  badHours: (problem: string) => new DomainError('INVALID_BUSINESS_HOURS', problem, 400, { field: 'businessHours.days' }),
  duplicateSkill: (skill: string) => new DomainError('DUPLICATE_SKILL', `skill '${skill}' is listed twice`, 400, { field: 'skills', skill }),
  /** The routing core refuses the definition: 400 with the core's reason, stored nothing. */
  refusedByRouting: (error: RoutingError) => {
    const problem = error.details.problem ?? error.message;
    const field = FIELD_OF_ROUTING_PROBLEM.find(([pattern]) => pattern.test(problem))?.[1] ?? null;
    return new DomainError('INVALID_QUEUE', `routing cannot use this queue: ${problem}`, 400, { field, problem });
  },
};
