import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBody, ApiExtraModels, ApiOperation, ApiTags, getSchemaPath } from '@nestjs/swagger';
import { AuthenticatedUser, CurrentUser, Roles } from '../../common/auth';
import { uuidParam } from '../../common/http/uuid-param';
import { ComplaintsService } from './complaints.service';
import { COMPLAINT_EVENT_DTOS, ComplaintEventPipe, type ComplaintEventBody } from './dto/complaint-event.dto';
import { DeadlinePreviewQuery } from './dto/deadline-preview.query';
import { LinkInteractionDto } from './dto/link-interaction.dto';
import { ListComplaintsQuery } from './dto/list-complaints.query';
import { OpenComplaintDto } from './dto/open-complaint.dto';

const id = () => uuidParam('id');
const EVENT_DTOS = Object.values(COMPLAINT_EVENT_DTOS);

@ApiTags('complaints')
@ApiExtraModels(...EVENT_DTOS)
@Controller('api/complaints')
export class ComplaintsController {
  constructor(private readonly complaints: ComplaintsService) {}

  @Post()
  @Roles('agent', 'team_lead')
  @ApiOperation({ summary: 'Receive a complaint from the contact it came through (or for a customer): it gets its number, owner and deadline' })
  open(@Body() body: OpenComplaintDto, @CurrentUser() user: AuthenticatedUser) {
    return this.complaints.open(body, user);
  }

  @Get()
  @Roles('agent', 'team_lead', 'supervisor')
  @ApiOperation({ summary: 'Complaints the caller may see (agents: theirs; team leads: their team’s and escalations; supervisors: all), filtered and paged' })
  list(@Query() query: ListComplaintsQuery, @CurrentUser() user: AuthenticatedUser) {
    return this.complaints.list(query, user);
  }

  @Get('deadline-preview')
  @Roles('agent', 'team_lead', 'supervisor', 'admin')
  @ApiOperation({ summary: 'When a complaint received at a given time would be due, on the business calendar and the deadline policy' })
  previewDeadline(@Query() query: DeadlinePreviewQuery) {
    return this.complaints.previewDeadline(query);
  }

  @Get(':id')
  @Roles('agent', 'team_lead', 'supervisor')
  @ApiOperation({ summary: 'One complaint, with its machine context, its deadline now and the events the caller may send' })
  get(@Param('id', id()) complaintId: string, @CurrentUser() user: AuthenticatedUser) {
    return this.complaints.get(complaintId, user);
  }

  @Post(':id/events')
  @HttpCode(200)
  @Roles('agent', 'team_lead', 'supervisor')
  @ApiOperation({ summary: 'Move the complaint: one machine event; 409 with the allowed events when the complaint does not accept it now' })
  @ApiBody({
    schema: {
      oneOf: EVENT_DTOS.map((dto) => ({ $ref: getSchemaPath(dto) })),
      discriminator: { propertyName: 'type' },
    },
  })
  send(@Param('id', id()) complaintId: string, @Body(ComplaintEventPipe) body: ComplaintEventBody, @CurrentUser() user: AuthenticatedUser) {
    return this.complaints.send(complaintId, body, user);
  }

  @Get(':id/history')
  @Roles('agent', 'team_lead', 'supervisor')
  @ApiOperation({ summary: 'The append-only history: every transition, the clock (pauses, crossings) and the alerts raised' })
  history(@Param('id', id()) complaintId: string, @CurrentUser() user: AuthenticatedUser) {
    return this.complaints.history(complaintId, user);
  }

  @Post(':id/interactions')
  @Roles('agent', 'team_lead', 'supervisor')
  @ApiOperation({ summary: 'Link another contact about the same complaint (the customer called back or wrote in)' })
  link(@Param('id', id()) complaintId: string, @Body() body: LinkInteractionDto, @CurrentUser() user: AuthenticatedUser) {
    return this.complaints.linkInteraction(complaintId, body.interactionId, user);
  }
}
