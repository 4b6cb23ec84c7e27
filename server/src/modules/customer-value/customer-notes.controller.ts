import { Body, Controller, Get, Param, Post, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentUser, Roles, type AuthenticatedUser } from '../../common/auth';
import { uuidParam } from '../../common/http/uuid-param';
import { CustomerNotesService } from './customer-notes.service';
import { CreateCustomerNoteDto, ListCustomerNotesQuery } from './dto/customer-note.dto';

@ApiTags('customers')
@Roles('agent', 'team_lead', 'supervisor')
@Controller('api/customers/:id/notes')
export class CustomerNotesController {
  constructor(private readonly notes: CustomerNotesService) {}

  @Get()
  @ApiOperation({ summary: 'Notes the team shares on the customer, newest first (whoever may read the customer)' })
  list(@Param('id', uuidParam()) id: string, @Query() query: ListCustomerNotesQuery, @CurrentUser() user: AuthenticatedUser) {
    return this.notes.list(id, query, user);
  }

  @Post()
  @ApiOperation({ summary: 'Add a note to the customer’s shared record (1 to 4000 characters)' })
  add(@Param('id', uuidParam()) id: string, @Body() body: CreateCustomerNoteDto, @CurrentUser() user: AuthenticatedUser) {
    return this.notes.add(id, body, user);
  }
}
