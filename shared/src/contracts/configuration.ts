import type { BusinessCalendarConfig } from '../calendar/business-calendar';
import type { AssignmentStrategy, ServiceLevelFormula } from '../domain/call-centre';

/** What a skill describes: a product line, a spoken language or an expertise. */
export const SKILL_KINDS = ['product', 'language', 'expertise'] as const;
export type SkillKind = (typeof SKILL_KINDS)[number];

/** A skill as `GET /api/skills` and `POST /api/skills` answer it. */
export interface Skill {
  id: string;
  code: string;
  name: string;
  kind: SkillKind;
  /** ISO 8601. */
  createdAt: string;
}

/** One stored step of skill relaxation (routing reads it as its own RelaxationStep): after `afterSeconds` of wait, lower minimum proficiency and drop optional skills. */
export interface QueueRelaxationStep {
  afterSeconds: number;
  lowerProficiencyBy: number;
  dropOptionalSkills: boolean;
}

/** Opening hours per ISO weekday (1 = Monday) in the queue's time zone; outside them a callback or ticket is offered. */
export interface QueueBusinessHours {
  timeZone: string;
  days: Partial<Record<'1' | '2' | '3' | '4' | '5' | '6' | '7', Array<{ from: string; to: string }>>>;
}

/** A skill a queue demands. */
export interface QueueSkill {
  queueId: string;
  skillId: string;
  minProficiency: number;
  /** Preferred rather than required; dropped by relaxation. */
  optional: boolean;
}

/** A queue as `GET /api/queues`, `GET /api/queues/:id` and the queue writes answer it. */
export interface Queue {
  id: string;
  code: string;
  name: string;
  /** Higher is served first when agents are scarce. */
  basePriority: number;
  serviceLevelPercent: number;
  serviceLevelSeconds: number;
  serviceLevelFormula: ServiceLevelFormula;
  shortAbandonSeconds: number;
  offerTimeoutSeconds: number;
  wrapUpSeconds: number;
  /** Longest a contact waits here before it overflows; null for no limit. */
  maxWaitSeconds: number | null;
  overflowQueueId: string | null;
  strategy: AssignmentStrategy;
  relaxationSteps: QueueRelaxationStep[];
  businessHours: QueueBusinessHours | null;
  skills: QueueSkill[];
  /** ISO 8601. */
  createdAt: string;
  /** ISO 8601. */
  updatedAt: string;
}

/** The default business calendar as `GET /api/calendars/default` and `PUT /api/calendars/default` answer it. */
export interface CalendarView {
  id: string | null;
  name: string;
  /** The calendar as deadlines use it (time zone filled in). */
  config: BusinessCalendarConfig;
  /** True when the time zone follows CENTRE_TIME_ZONE rather than being set on the calendar. */
  followsCentreTimeZone: boolean;
  updatedAt: string | null;
  updatedBy: string | null;
}
