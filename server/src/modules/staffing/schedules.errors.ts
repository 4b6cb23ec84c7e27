import { BadRequestException } from '@nestjs/common';
import { SHIFT_IMPORT_MAX_ROWS, SHIFT_MAX_HOURS, SHIFT_RANGE_MAX_DAYS } from '@callcentre/shared';
import { DomainError } from '../../common/http/domain-error';

/** Errors of agents' shifts; the one error filter maps them to HTTP. */
export const scheduleErrors = {
  whoMissing: () =>
    new BadRequestException({
      code: 'VALIDATION_FAILED',
      message: 'Give either agentId or teamId',
      fields: [{ field: 'agentId', messages: ['give either agentId or teamId'] }],
    }),
  endsBeforeStart: () => new DomainError('SHIFT_ENDS_BEFORE_START', 'A shift must end after it starts', 422),
  tooLong: () => new DomainError('SHIFT_TOO_LONG', `A shift lasts at most ${SHIFT_MAX_HOURS} hours`, 422, { maxHours: SHIFT_MAX_HOURS }),
  rangeTooLong: () => new DomainError('SHIFT_RANGE_TOO_LONG', `Shifts are read ${SHIFT_RANGE_MAX_DAYS} days at a time at most, to after from`, 422, { maxDays: SHIFT_RANGE_MAX_DAYS }),
  overlap: (agent: { id: string; name: string }, other: { id: string; startsAt: string; endsAt: string }) =>
    new DomainError('SHIFT_OVERLAP', `${agent.name} already has a shift from ${other.startsAt} to ${other.endsAt} that overlaps this one`, 409, {
      agentId: agent.id,
      agentName: agent.name,
      shift: other,
    }),
  unknownAgent: (agentId: string) => new DomainError('AGENT_NOT_FOUND', `agent '${agentId}' does not exist`, 404, { agentId }),
  emptyTeam: (teamId: string) => new DomainError('TEAM_HAS_NO_AGENTS', 'The team has no agents to schedule', 422, { teamId }),
  badImport: (problems: Array<{ line: number; message: string }>) =>
    new DomainError('SHIFT_IMPORT_INVALID', `The file was not imported: ${problems.length} line(s) need correcting (first: line ${problems[0]?.line}, ${problems[0]?.message})`, 422, {
      problems: problems.slice(0, 50),
    }),
  importTooLarge: () => new DomainError('SHIFT_IMPORT_TOO_LARGE', `At most ${SHIFT_IMPORT_MAX_ROWS} shifts per file`, 422, { maxRows: SHIFT_IMPORT_MAX_ROWS }),
};
