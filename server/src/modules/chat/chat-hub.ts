import { Injectable } from '@nestjs/common';
import type { Namespace } from 'socket.io';
import type { ChatServerEvents } from '@callcentre/shared';

/** The room of one chat, in both namespaces. */
export const chatRoom = (chatId: string) => `chat:${chatId}`;

type Event = keyof ChatServerEvents;
type Payload<E extends Event> = Parameters<ChatServerEvents[E]>[0];

/**
 * Where chat events go out: the customer's namespace and the staff's, each attached by its gateway at start.
 * The chat service calls it after what it announces is stored.
 */
@Injectable()
export class ChatHub {
  private customers: Namespace | null = null;
  private desks: Namespace | null = null;

  attachCustomers(namespace: Namespace): void {
    this.customers = namespace;
  }

  attachDesks(namespace: Namespace): void {
    this.desks = namespace;
  }

  /** Whether a customer's page is connected to the chat now, on any process (the adapter asks the others). */
  async customerConnected(chatId: string): Promise<boolean> {
    if (!this.customers) return false;
    return (await this.customers.in(chatRoom(chatId)).fetchSockets()).length > 0;
  }

  toCustomer<E extends Event>(chatId: string, event: E, payload: Payload<E>): void {
    this.customers?.to(chatRoom(chatId)).emit(event, payload);
  }

  toDesks<E extends Event>(chatId: string, event: E, payload: Payload<E>): void {
    this.desks?.to(chatRoom(chatId)).emit(event, payload);
  }

  toBoth<E extends Event>(chatId: string, event: E, payload: Payload<E>): void {
    this.toCustomer(chatId, event, payload);
    this.toDesks(chatId, event, payload);
  }
}
