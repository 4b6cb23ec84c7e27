import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { Get, Res } from '@nestjs/common';
import type { Response } from 'express';
import { Public } from '../../common/auth';
import { publicPageController, sendPublicAsset } from '../../common/http/public-page';
import { CHAT_PAGE_HTML, CHAT_PAGE_JS } from './chat-page';

let socketClient: string | null = null;

/** socket.io's browser client, as the server's own socket.io package ships it. */
function socketClientScript(): string {
  socketClient ??= readFileSync(join(dirname(require.resolve('socket.io')), '..', 'client-dist', 'socket.io.min.js'), 'utf8');
  return socketClient;
}

/** The customer chat page a website links to or frames (its origin listed in CORS_ORIGINS). */
export class ChatPageController extends publicPageController('chat', { html: CHAT_PAGE_HTML, js: CHAT_PAGE_JS }) {
  @Get('socket.io.min.js')
  @Public()
  socketIo(@Res() response: Response): void {
    sendPublicAsset(response, 'js', socketClientScript(), this.frameAncestors);
  }
}
