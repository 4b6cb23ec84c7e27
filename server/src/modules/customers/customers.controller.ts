import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { BatchResult } from '@callcentre/shared';
import { AllowApiKey, CurrentUser, Roles, type AuthenticatedPrincipal } from '../../common/auth';
import { uuidParam } from '../../common/http/uuid-param';
import { CustomerSyncService } from './customer-sync.service';
import { CustomersService } from './customers.service';
import { CrmBatchBody } from './dto/crm-batch.dto';
import { ListCustomersQuery } from './dto/list-customers.query';

@ApiTags('customers')
@Roles('agent', 'team_lead', 'supervisor')
@Controller('api/customers')
export class CustomersController {
  constructor(
    private readonly customers: CustomersService,
    private readonly sync: CustomerSyncService,
  ) {}

  @Get()
  @ApiOperation({ summary: 'Customers, filtered by value tier, a search text or an external id (agents: the customers of their own contacts; team leads: of their team’s)' })
  list(@Query() query: ListCustomersQuery, @CurrentUser() caller: AuthenticatedPrincipal) {
    return this.customers.list(query, caller);
  }

  @Post('batch')
  @HttpCode(200)
  @Roles('admin')
  @AllowApiKey('crm')
  @ApiOperation({ summary: 'Up to 10,000 customers by external id: new ones created, known ones updated; any bad row refuses the whole call (400, details.rows)' })
  merge(@Body() body: CrmBatchBody, @CurrentUser() caller: AuthenticatedPrincipal): Promise<BatchResult> {
    return this.sync.mergeCustomers(body.rows, caller);
  }

  @Get(':id')
  @ApiOperation({ summary: 'One customer (agents: only a customer of one of their own contacts or complaints)' })
  get(@Param('id', uuidParam()) id: string, @CurrentUser() caller: AuthenticatedPrincipal) {
    return this.customers.get(id, caller);
  }
}
