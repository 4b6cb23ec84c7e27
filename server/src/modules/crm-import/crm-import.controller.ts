import { Controller, Get, HttpCode, Param, Post, Query, Req } from '@nestjs/common';
import { ApiConsumes, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import type { CrmImportView } from '@callcentre/shared';
import { AllowApiKey, CurrentUser, Roles, type AuthenticatedPrincipal } from '../../common/auth';
import { uuidParam } from '../../common/http/uuid-param';
import { crmImportErrors } from './crm-import.errors';
import { CRM_UPLOAD_MAX_BYTES, CrmUploads } from './crm-uploads';
import { ListCrmImportsQuery } from './dto/list-crm-imports.query';
import { StartCrmImportQuery } from './dto/start-crm-import.query';

@ApiTags('crm')
@Roles('admin')
@AllowApiKey('crm')
@Controller('api/crm/imports')
export class CrmImportController {
  constructor(private readonly uploads: CrmUploads) {}

  @Post()
  @HttpCode(202)
  @ApiConsumes('text/csv')
  @ApiOperation({
    summary:
      'Imports a CSV file of customers or purchases sent as the request body (text/csv, up to 512 MiB): answers 202 with the import at once and runs on; the same file sent again resumes an interrupted import',
  })
  start(@Query() query: StartCrmImportQuery, @Req() request: Request, @CurrentUser() caller: AuthenticatedPrincipal): Promise<CrmImportView> {
    if (!request.is('text/csv')) throw crmImportErrors.notCsv();
    const length = Number(request.headers['content-length']);
    if (request.headers['content-length'] === undefined || !Number.isSafeInteger(length)) throw crmImportErrors.lengthRequired();
    if (length > CRM_UPLOAD_MAX_BYTES) throw crmImportErrors.tooLarge(CRM_UPLOAD_MAX_BYTES);
    return this.uploads.start(query.kind, query.name, length, request, caller);
  }

  @Get()
  @ApiOperation({ summary: 'The latest file imports, newest first, with their progress' })
  recent(@Query() query: ListCrmImportsQuery): Promise<CrmImportView[]> {
    return this.uploads.recent(query.limit ?? 20);
  }

  @Get(':id')
  @ApiOperation({ summary: 'One file import: bytes and lines done, rows taken and refused, the first refusals with their lines' })
  get(@Param('id', uuidParam()) id: string): Promise<CrmImportView> {
    return this.uploads.get(id);
  }
}
