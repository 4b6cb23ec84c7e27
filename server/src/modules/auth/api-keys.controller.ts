import { Body, Controller, Delete, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentUser, Roles, type AuthenticatedUser } from '../../common/auth';
import { uuidParam } from '../../common/http/uuid-param';
import { ApiKeysService } from './api-keys.service';
import { CreateApiKeyDto } from './dto/create-api-key.dto';

@ApiTags('api-keys')
@Controller('api/api-keys')
export class ApiKeysController {
  constructor(private readonly keys: ApiKeysService) {}

  @Post()
  @Roles('admin')
  @ApiOperation({ summary: 'Create an API key; the key is in this answer only, send it as X-Api-Key' })
  create(@CurrentUser() actor: AuthenticatedUser, @Body() body: CreateApiKeyDto) {
    return this.keys.create(actor, body);
  }

  @Get()
  @Roles('admin')
  @ApiOperation({ summary: 'API keys, live first (never the keys themselves)' })
  list() {
    return this.keys.list();
  }

  @Delete(':id')
  @Roles('admin')
  @HttpCode(204)
  @ApiOperation({ summary: 'Revoke an API key (audited)' })
  async revoke(@CurrentUser() actor: AuthenticatedUser, @Param('id', uuidParam()) id: string): Promise<void> {
    await this.keys.revoke(actor, id);
  }
}
