import { Controller, Get, Inject, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { Public } from '../../common/auth';
import { AppConfig } from '../../common/config/app-config';
import { APP_CONFIG } from '../../common/config/config.tokens';
import { chineseFontFaces, listedOrigins, PUBLIC_PAGE_CSS, sendPublicAsset } from './public-pages';
import { SURVEY_PAGE_HTML, SURVEY_PAGE_JS } from './survey-page';

/** The one-page survey customers open from a chat's end or an e-mail's link. */
@ApiExcludeController()
@Controller('survey')
export class SurveyPageController {
  private readonly frameAncestors: string[];
  private readonly consoleDir: string | undefined;

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    this.frameAncestors = listedOrigins(config.CORS_ORIGINS);
    this.consoleDir = config.CONSOLE_DIR;
  }

  @Get()
  @Public()
  page(@Res() response: Response): void {
    sendPublicAsset(response, 'html', SURVEY_PAGE_HTML, this.frameAncestors);
  }

  @Get('survey.js')
  @Public()
  script(@Res() response: Response): void {
    sendPublicAsset(response, 'js', SURVEY_PAGE_JS, this.frameAncestors);
  }

  @Get('survey.css')
  @Public()
  style(@Res() response: Response): void {
    sendPublicAsset(response, 'css', `${PUBLIC_PAGE_CSS}\n${chineseFontFaces(this.consoleDir)}`, this.frameAncestors);
  }
}
