import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentUser, Roles, type AuthenticatedUser } from '../../common/auth';
import { uuidParam } from '../../common/http/uuid-param';
import { CustomerRecordService } from './customer-record.service';
import { ListTransactionsQuery } from './dto/list-transactions.query';

@ApiTags('customers')
@Roles('agent', 'team_lead', 'supervisor')
@Controller('api/customers')
export class CustomerRecordController {
  constructor(private readonly record: CustomerRecordService) {}

  @Get(':id/transactions')
  @ApiOperation({ summary: 'The customer’s purchases, newest first, paged by nextBefore (whoever may read the customer)' })
  transactions(@Param('id', uuidParam()) id: string, @Query() query: ListTransactionsQuery, @CurrentUser() user: AuthenticatedUser) {
    return this.record.transactions(id, query, user);
  }
}
