import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { Controller, Get, Inject, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { Public } from '../../common/auth';
import { AppConfig } from '../../common/config/app-config';
import { APP_CONFIG } from '../../common/config/config.tokens';
import { chineseFontFaces, listedOrigins, PUBLIC_PAGE_CSS, sendPublicAsset } from '../satisfaction/public-pages';
import { CHAT_PAGE_HTML, CHAT_PAGE_JS } from './chat-page';

let socketClient: string | null = null;

/** socket.io's browser client, as the server's own socket.io package ships it. */
function socketClientScript(): string {
  socketClient ??= readFileSync(join(dirname(require.resolve('socket.io')), '..', 'client-dist', 'socket.io.min.js'), 'utf8');
  return socketClient;
}

/** The customer chat page a website links to or frames (its origin listed in CORS_ORIGINS). */
@ApiExcludeController()
@Controller('chat')
export class ChatPageController {
  private readonly frameAncestors: string[];
  private readonly consoleDir: string | undefined;

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    this.frameAncestors = listedOrigins(config.CORS_ORIGINS);
    this.consoleDir = config.CONSOLE_DIR;
  }

  @Get()
  @Public()
  page(@Res() response: Response): void {
    sendPublicAsset(response, 'html', CHAT_PAGE_HTML, this.frameAncestors);
  }

  @Get('chat.js')
  @Public()
  script(@Res() response: Response): void {
    sendPublicAsset(response, 'js', CHAT_PAGE_JS, this.frameAncestors);
  }

  @Get('chat.css')
  @Public()
  style(@Res() response: Response): void {
    sendPublicAsset(response, 'css', `${PUBLIC_PAGE_CSS}\n${chineseFontFaces(this.consoleDir)}`, this.frameAncestors);
  }

  @Get('socket.io.min.js')
  @Public()
  socketIo(@Res() response: Response): void {
    sendPublicAsset(response, 'js', socketClientScript(), this.frameAncestors);
  }
}
