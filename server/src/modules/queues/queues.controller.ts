import { Controller, Get, Param, ParseUUIDPipe } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { Roles } from '../../common/auth';
import { QueuesService } from './queues.service';

@ApiTags('queues')
@Roles('agent', 'team_lead', 'supervisor', 'admin')
@Controller('api/queues')
export class QueuesController {
  constructor(private readonly queues: QueuesService) {}

  @Get()
  @ApiOperation({ summary: 'Every queue with its skills, targets and strategy' })
  list() {
    return this.queues.list();
  }

  @Get(':id')
  @ApiOperation({ summary: 'One queue' })
  get(@Param('id', new ParseUUIDPipe()) id: string) {
    return this.queues.get(id);
  }
}
