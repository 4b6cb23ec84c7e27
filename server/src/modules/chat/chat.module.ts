import { Module } from '@nestjs/common';
import { InteractionsModule } from '../interactions';
import { RoutingModule } from '../routing';
import { SatisfactionModule } from '../satisfaction';
import { ChatController } from './chat.controller';
import { ChatCustomerGateway, ChatDeskGateway } from './chat.gateways';
import { ChatHub } from './chat-hub';
import { ChatPageController } from './chat-page.controller';
import { ChatRepository } from './chat.repository';
import { ChatService } from './chat.service';

/**
 * Chat between the customer page the server serves (/chat/) and the agent desktop: chats become contacts through
 * ingestion, messages go both ways over socket.io (`/chat` for customers, `/chat-desk` for staff) and are kept as
 * the contact's transcript; after the end the customer gets the satisfaction survey.
 */
@Module({
  imports: [RoutingModule, InteractionsModule, SatisfactionModule],
  controllers: [ChatController, ChatPageController],
  providers: [ChatRepository, ChatHub, ChatService, ChatCustomerGateway, ChatDeskGateway],
})
export class ChatModule {}
