import { Body, Controller, Get, Param, Put } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { AuthenticatedPrincipal, CurrentUser, Roles } from '../../common/auth';
import { uuidParam } from '../../common/http/uuid-param';
import { WrapUpDraftDto } from './dto/wrap-up-draft.dto';
import { WrapUpDraftsService } from './wrap-up-drafts.service';

const id = () => uuidParam('id');

@ApiTags('interactions')
@Controller('api/interactions')
export class WrapUpDraftsController {
  constructor(private readonly drafts: WrapUpDraftsService) {}

  @Get(':id/wrap-up/draft')
  @Roles('agent')
  @ApiOperation({ summary: 'The wrap-up notes the handling agent saved so far' })
  get(@Param('id', id()) interactionId: string, @CurrentUser() principal: AuthenticatedPrincipal) {
    return this.drafts.get(interactionId, principal.id);
  }

  @Put(':id/wrap-up/draft')
  @Roles('agent')
  @ApiOperation({ summary: 'Saves the wrap-up notes as typed (handling agent only); kept with the contact if after-call work runs out' })
  save(@Param('id', id()) interactionId: string, @Body() body: WrapUpDraftDto, @CurrentUser() principal: AuthenticatedPrincipal) {
    return this.drafts.save(interactionId, principal.id, body.notes);
  }
}
