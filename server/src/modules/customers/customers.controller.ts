import { Controller, Get, Param, ParseUUIDPipe, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { Roles } from '../../common/auth';
import { CustomersService } from './customers.service';
import { ListCustomersQuery } from './dto/list-customers.query';

@ApiTags('customers')
@Roles('agent', 'team_lead', 'supervisor', 'admin')
@Controller('api/customers')
export class CustomersController {
  constructor(private readonly customers: CustomersService) {}

  @Get()
  @ApiOperation({ summary: 'Customers, filtered by value tier or a search text' })
  list(@Query() query: ListCustomersQuery) {
    return this.customers.list(query);
  }

  @Get(':id')
  @ApiOperation({ summary: 'One customer' })
  get(@Param('id', new ParseUUIDPipe()) id: string) {
    return this.customers.get(id);
  }
}
