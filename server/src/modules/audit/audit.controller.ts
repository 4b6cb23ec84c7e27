import { Controller, Get, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { Roles } from '../../common/auth';
import { AuditService } from './audit.service';
import { ListAuditQuery } from './dto/list-audit.query';

@ApiTags('audit')
@Controller('api/audit')
export class AuditController {
  constructor(private readonly audit: AuditService) {}

  @Get()
  @Roles('admin', 'supervisor')
  @ApiOperation({ summary: 'The audit log, newest first, filtered by action, actor, target or time; page with `before`' })
  list(@Query() query: ListAuditQuery) {
    return this.audit.list(query);
  }
}
