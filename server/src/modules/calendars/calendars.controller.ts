import { Body, Controller, Get, Put } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { AuthenticatedUser, CurrentUser, Roles } from '../../common/auth';
import { CalendarsService } from './calendars.service';
import { UpdateCalendarDto } from './dto/update-calendar.dto';

@ApiTags('calendars')
@Controller('api/calendars')
export class CalendarsController {
  constructor(private readonly calendars: CalendarsService) {}

  @Get('default')
  @Roles('agent', 'team_lead', 'supervisor', 'admin')
  @ApiOperation({ summary: 'The business calendar complaint deadlines count working time on' })
  get() {
    return this.calendars.view();
  }

  @Put('default')
  @Roles('admin')
  @ApiOperation({ summary: 'Replace the business calendar (working days, hours, holidays); open complaints are re-evaluated' })
  update(@Body() body: UpdateCalendarDto, @CurrentUser() user: AuthenticatedUser) {
    return this.calendars.update(body, user);
  }
}
