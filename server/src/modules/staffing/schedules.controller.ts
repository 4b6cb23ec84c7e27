import { Body, Controller, Delete, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Shift } from '@callcentre/shared';
import { CurrentUser, Roles, type AuthenticatedUser } from '../../common/auth';
import { uuidParam } from '../../common/http/uuid-param';
import { CreateShiftDto, ImportShiftsDto, ListShiftsQuery } from './dto/shift.dto';
import { SchedulesService } from './schedules.service';

@ApiTags('schedules')
@Controller('api/shifts')
export class SchedulesController {
  constructor(private readonly schedules: SchedulesService) {}

  @Get()
  @Roles('supervisor', 'team_lead', 'admin')
  @ApiOperation({ summary: 'Agents’ shifts that meet [from, to) (at most 31 days), optionally of one agent or team, by start' })
  list(@Query() query: ListShiftsQuery): Promise<Shift[]> {
    return this.schedules.list(query);
  }

  @Post()
  @Roles('supervisor', 'admin')
  @ApiOperation({ summary: 'Add a shift for an agent, or the same shift for every agent of a team: ends after it starts, at most 16 h, no overlap with the agent’s other shifts (audited)' })
  create(@CurrentUser() actor: AuthenticatedUser, @Body() body: CreateShiftDto): Promise<Shift[]> {
    return this.schedules.create(actor, body);
  }

  @Post('import')
  @Roles('supervisor', 'admin')
  @ApiOperation({ summary: 'Add the shifts of a CSV (username,startsAt,endsAt), all or none, with the lines to correct (audited)' })
  import(@CurrentUser() actor: AuthenticatedUser, @Body() body: ImportShiftsDto): Promise<{ imported: number }> {
    return this.schedules.import(actor, body.csv);
  }

  @Delete(':id')
  @Roles('supervisor', 'admin')
  @HttpCode(204)
  @ApiOperation({ summary: 'Remove a shift (audited)' })
  async remove(@CurrentUser() actor: AuthenticatedUser, @Param('id', uuidParam()) id: string): Promise<void> {
    await this.schedules.remove(actor, id);
  }
}
