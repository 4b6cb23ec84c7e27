import { Body, Controller, Get, Param, Post, Put } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Queue } from '@callcentre/shared';
import { AuthenticatedUser, CurrentUser, Roles } from '../../common/auth';
import { uuidParam } from '../../common/http/uuid-param';
import { SaveQueueDto } from './dto/save-queue.dto';
import { QueuesService } from './queues.service';

@ApiTags('queues')
@Controller('api/queues')
export class QueuesController {
  constructor(private readonly queues: QueuesService) {}

  @Get()
  @Roles('agent', 'team_lead', 'supervisor', 'admin')
  @ApiOperation({ summary: 'Every queue with its skills, targets and strategy' })
  list(): Promise<Queue[]> {
    return this.queues.list();
  }

  @Get(':id')
  @Roles('agent', 'team_lead', 'supervisor', 'admin')
  @ApiOperation({ summary: 'One queue' })
  get(@Param('id', uuidParam()) id: string): Promise<Queue> {
    return this.queues.get(id);
  }

  @Post()
  @Roles('admin')
  @ApiOperation({ summary: 'Create a queue (applied to routing at once; audited)' })
  create(@Body() body: SaveQueueDto, @CurrentUser() user: AuthenticatedUser): Promise<Queue> {
    return this.queues.create(body, user);
  }

  @Put(':id')
  @Roles('admin')
  @ApiOperation({ summary: 'Replace a queue’s configuration (applied to routing at once; audited)' })
  replace(@Param('id', uuidParam()) id: string, @Body() body: SaveQueueDto, @CurrentUser() user: AuthenticatedUser): Promise<Queue> {
    return this.queues.replace(id, body, user);
  }
}
