import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentUser, Roles, type AuthenticatedPrincipal } from '../../common/auth';
import { uuidParam } from '../../common/http/uuid-param';
import { CustomersService } from './customers.service';
import { ListCustomersQuery } from './dto/list-customers.query';

@ApiTags('customers')
@Roles('agent', 'team_lead', 'supervisor')
@Controller('api/customers')
export class CustomersController {
  constructor(private readonly customers: CustomersService) {}

  @Get()
  @ApiOperation({ summary: 'Customers, filtered by value tier or a search text (agents: the customers of their own contacts; team leads: of their team’s)' })
  list(@Query() query: ListCustomersQuery, @CurrentUser() caller: AuthenticatedPrincipal) {
    return this.customers.list(query, caller);
  }

  @Get(':id')
  @ApiOperation({ summary: 'One customer (agents: only a customer of one of their own contacts or complaints)' })
  get(@Param('id', uuidParam()) id: string, @CurrentUser() caller: AuthenticatedPrincipal) {
    return this.customers.get(id, caller);
  }
}
