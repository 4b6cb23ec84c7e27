import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { SHIFT_IMPORT_MAX_ROWS, SHIFT_MAX_HOURS, SHIFT_RANGE_MAX_DAYS, type Shift } from '@callcentre/shared';
import type { AuthenticatedUser } from '../../common/auth';
import { NotFoundDomainError } from '../../common/http/domain-error';
import { AuditService } from '../audit';
import type { CreateShiftDto, ListShiftsQuery } from './dto/shift.dto';
import { scheduleErrors } from './schedules.errors';
import { SchedulesRepository, type ShiftRow } from './schedules.repository';

const HOUR = 3_600_000;
const INSTANT_WITH_OFFSET = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})$/;

export const SCHEDULE_AUDIT_ACTIONS = { created: 'shift.created', deleted: 'shift.deleted', imported: 'shift.imported' } as const;

function toShift(row: ShiftRow): Shift {
  return {
    id: row.id,
    agentId: row.agent_id,
    agentName: row.agent_name,
    teamId: row.team_id,
    teamName: row.team_name,
    startsAt: new Date(row.starts_at).toISOString(),
    endsAt: new Date(row.ends_at).toISOString(),
  };
}

/** What is wrong with a shift's times, if anything: ends after it starts, lasts at most SHIFT_MAX_HOURS. */
export function shiftTimesProblem(startsAt: Date, endsAt: Date): 'ends_before_start' | 'too_long' | null {
  if (endsAt.getTime() <= startsAt.getTime()) return 'ends_before_start';
  if (endsAt.getTime() - startsAt.getTime() > SHIFT_MAX_HOURS * HOUR) return 'too_long';
  return null;
}

/**
 * Agents' shifts: read by supervisors, team leads and administrators; added (for one agent or a whole team),
 * imported and removed by supervisors and administrators, each change audited with it. One agent's shifts never
 * overlap: the agents concerned are locked while their shifts are checked and written.
 */
@Injectable()
export class SchedulesService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly shifts: SchedulesRepository,
    private readonly audit: AuditService,
  ) {}

  async list(query: ListShiftsQuery): Promise<Shift[]> {
    const from = new Date(query.from);
    const to = new Date(query.to);
    if (to.getTime() <= from.getTime() || to.getTime() - from.getTime() > SHIFT_RANGE_MAX_DAYS * 24 * HOUR) throw scheduleErrors.rangeTooLong();
    return (await this.shifts.list({ from, to, agentId: query.agentId, teamId: query.teamId })).map(toShift);
  }

  /** One shift for the agent, or the same shift for each agent of the team; all or none. */
  async create(actor: AuthenticatedUser, input: CreateShiftDto): Promise<Shift[]> {
    if (!input.agentId === !input.teamId) throw scheduleErrors.whoMissing();
    const startsAt = new Date(input.startsAt);
    const endsAt = new Date(input.endsAt);
    this.checkTimes(startsAt, endsAt);
    return this.dataSource.transaction(async (manager) => {
      let agentIds: string[];
      if (input.teamId) {
        if (!(await this.shifts.teamExists(input.teamId, manager))) throw new NotFoundDomainError('team', input.teamId);
        agentIds = await this.shifts.agentsOfTeam(input.teamId, manager);
        if (agentIds.length === 0) throw scheduleErrors.emptyTeam(input.teamId);
      } else {
        agentIds = [input.agentId as string];
      }
      const agents = await this.shifts.lockAgents(agentIds, manager);
      if (agents.length < agentIds.length) throw scheduleErrors.unknownAgent(agentIds.find((id) => !agents.some((agent) => agent.id === id)) as string);
      const created: Shift[] = [];
      for (const agent of agents) created.push(await this.add(actor, agent, startsAt, endsAt, manager, input.teamId ?? null));
      return created.sort((a, b) => a.agentName.localeCompare(b.agentName));
    });
  }

  async remove(actor: AuthenticatedUser, id: string): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      const removed = await this.shifts.delete(id, manager);
      if (!removed) throw new NotFoundDomainError('shift', id);
      const shift = toShift(removed);
      await this.audit.record(
        { actor, action: SCHEDULE_AUDIT_ACTIONS.deleted, target: { type: 'shift', id }, details: { agentId: shift.agentId, agentName: shift.agentName, startsAt: shift.startsAt, endsAt: shift.endsAt } },
        manager,
      );
    });
  }

  /**
   * A CSV of shifts (header username,startsAt,endsAt): every line checked (known agent, times, no overlap with a
   * stored shift or another line), then all added in one transaction, or none with the lines to correct.
   */
  async import(actor: AuthenticatedUser, csv: string): Promise<{ imported: number }> {
    const lines = csv.replace(/^\uFEFF/, '').split(/\r?\n/);
    const header = (lines[0] ?? '').split(',').map((cell) => cell.trim());
    if (header.join(',') !== 'username,startsAt,endsAt') throw scheduleErrors.badImport([{ line: 1, message: 'the header must be username,startsAt,endsAt' }]);
    const rows: Array<{ line: number; username: string; startsAt: Date; endsAt: Date }> = [];
    const problems: Array<{ line: number; message: string }> = [];
    lines.slice(1).forEach((text, index) => {
      const line = index + 2;
      if (text.trim() === '') return;
      const cells = text.split(',').map((cell) => cell.trim());
      if (cells.length !== 3) return problems.push({ line, message: 'expected username,startsAt,endsAt' });
      const [username, start, end] = cells;
      if (!INSTANT_WITH_OFFSET.test(start) || !INSTANT_WITH_OFFSET.test(end) || Number.isNaN(Date.parse(start)) || Number.isNaN(Date.parse(end))) {
        return problems.push({ line, message: 'startsAt and endsAt must be ISO 8601 instants with Z or an offset' });
      }
      const problem = shiftTimesProblem(new Date(start), new Date(end));
      if (problem) return problems.push({ line, message: problem === 'too_long' ? `a shift lasts at most ${SHIFT_MAX_HOURS} hours` : 'a shift must end after it starts' });
      rows.push({ line, username, startsAt: new Date(start), endsAt: new Date(end) });
    });
    if (rows.length + problems.length > SHIFT_IMPORT_MAX_ROWS) throw scheduleErrors.importTooLarge();
    return this.dataSource.transaction(async (manager) => {
      const ids = await this.shifts.agentIdsByUsername([...new Set(rows.map((row) => row.username))], manager);
      for (const row of rows) if (!ids.has(row.username)) problems.push({ line: row.line, message: `'${row.username.slice(0, 64)}' is not an agent` });
      const agents = new Map((await this.shifts.lockAgents([...new Set(ids.values())], manager)).map((agent) => [agent.id, agent]));
      const known = rows.filter((row) => ids.has(row.username));
      for (const row of known) {
        const agentId = ids.get(row.username) as string;
        const clash = known.find((other) => other !== row && ids.get(other.username) === agentId && other.startsAt < row.endsAt && other.endsAt > row.startsAt);
        if (clash) problems.push({ line: row.line, message: `overlaps line ${clash.line}` });
        else if (await this.shifts.overlapping(agentId, row.startsAt, row.endsAt, manager)) problems.push({ line: row.line, message: `overlaps a shift ${row.username} already has` });
      }
      if (problems.length > 0) throw scheduleErrors.badImport(problems.sort((a, b) => a.line - b.line));
      for (const row of known) {
        await this.shifts.insert({ agentId: ids.get(row.username) as string, startsAt: row.startsAt, endsAt: row.endsAt, createdBy: actor.id }, manager);
      }
      await this.audit.record({ actor, action: SCHEDULE_AUDIT_ACTIONS.imported, details: { shifts: known.length, agents: agents.size } }, manager);
      return { imported: known.length };
    });
  }

  private checkTimes(startsAt: Date, endsAt: Date): void {
    const problem = shiftTimesProblem(startsAt, endsAt);
    if (problem === 'ends_before_start') throw scheduleErrors.endsBeforeStart();
    if (problem === 'too_long') throw scheduleErrors.tooLong();
  }

  private async add(actor: AuthenticatedUser, agent: { id: string; name: string }, startsAt: Date, endsAt: Date, manager: EntityManager, teamId: string | null): Promise<Shift> {
    const other = await this.shifts.overlapping(agent.id, startsAt, endsAt, manager);
    if (other) throw scheduleErrors.overlap(agent, { id: other.id, startsAt: new Date(other.starts_at).toISOString(), endsAt: new Date(other.ends_at).toISOString() });
    const shift = toShift(await this.shifts.insert({ agentId: agent.id, startsAt, endsAt, createdBy: actor.id }, manager));
    await this.audit.record(
      { actor, action: SCHEDULE_AUDIT_ACTIONS.created, target: { type: 'shift', id: shift.id }, details: { agentId: agent.id, agentName: agent.name, startsAt: shift.startsAt, endsAt: shift.endsAt, teamId } },
      manager,
    );
    return shift;
  }
}
