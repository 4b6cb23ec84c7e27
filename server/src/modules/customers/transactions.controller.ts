import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { BatchResult } from '@callcentre/shared';
import { AllowApiKey, CurrentUser, Roles, type AuthenticatedPrincipal } from '../../common/auth';
import { CustomerSyncService } from './customer-sync.service';
import { CrmBatchBody } from './dto/crm-batch.dto';

@ApiTags('customers')
@Controller('api/transactions')
export class TransactionsController {
  constructor(private readonly sync: CustomerSyncService) {}

  @Post('batch')
  @HttpCode(200)
  @Roles('admin')
  @AllowApiKey('crm')
  @ApiOperation({
    summary: 'Up to 10,000 purchases (negative amounts: refunds) of existing customers, by external id: new ones created, known ones updated; any bad row refuses the whole call (400, details.rows)',
  })
  merge(@Body() body: CrmBatchBody, @CurrentUser() caller: AuthenticatedPrincipal): Promise<BatchResult> {
    return this.sync.mergeTransactions(body.rows, caller);
  }
}
