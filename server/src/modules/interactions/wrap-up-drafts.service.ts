import { Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { EventEmitter2 } from '@nestjs/event-emitter';
import type { WrapUpDraftView } from '@callcentre/shared';
import { ROUTER_TOOK_OVER, ROUTING_COMMITTED, RoutingCommitted, RoutingService } from '../routing';
import { interactionErrors } from './interactions.errors';
import { WrapUpDraftsRepository } from './wrap-up-drafts.repository';

/**
 * The wrap-up notes an agent is writing, saved as typed. Only the agent handling the contact (connected or in
 * after-call work) reads and writes its draft. When the contact closes without the notes (after-call work ran
 * out, or a finish that carried none), the draft becomes the contact's notes; a timed-out contact's disposition
 * says so. A draft left by a crash between the close and its settling is settled at start or takeover.
 */
@Injectable()
export class WrapUpDraftsService implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('WrapUpDrafts');
  /**
   * Contacts with a draft stored: drafts are written only through the routing instance (they need its core), which
   * loads the stored ones when it starts routing, so a contact that closes without one costs no query.
   */
  private readonly withDraft = new Set<string>();
  private readonly committed = (committed: RoutingCommitted) => {
    const closed: string[] = [];
    const timedOut: string[] = [];
    for (const event of committed.events) {
      if (event.type === 'contact.completed') {
        if (this.withDraft.delete(event.contactId)) closed.push(event.contactId);
        if (event.endedBy === 'wrap_up_timer') timedOut.push(event.contactId);
      } else if (event.type === 'contact.abandoned' && this.withDraft.delete(event.contactId)) closed.push(event.contactId);
    }
    if (closed.length > 0 || timedOut.length > 0) void this.settle(closed, timedOut);
  };
  private readonly tookOver = () => this.settleAll();

  constructor(
    private readonly drafts: WrapUpDraftsRepository,
    private readonly routing: RoutingService,
    private readonly events: EventEmitter2,
  ) {
    this.events.on(ROUTING_COMMITTED, this.committed);
    this.events.on(ROUTER_TOOK_OVER, this.tookOver);
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.settleAll();
  }

  onModuleDestroy(): void {
    this.events.off(ROUTING_COMMITTED, this.committed);
    this.events.off(ROUTER_TOOK_OVER, this.tookOver);
  }

  async get(interactionId: string, agentId: string): Promise<WrapUpDraftView> {
    this.requireHandledBy(interactionId, agentId);
    const draft = await this.drafts.find(interactionId, agentId);
    return { interactionId, notes: draft?.notes ?? '', updatedAt: draft?.updatedAt.toISOString() ?? null };
  }

  /** Empty notes remove the draft. */
  async save(interactionId: string, agentId: string, notes: string): Promise<WrapUpDraftView> {
    this.requireHandledBy(interactionId, agentId);
    if (notes.trim() === '') {
      await this.drafts.remove(interactionId, agentId);
      return { interactionId, notes: '', updatedAt: null };
    }
    this.withDraft.add(interactionId);
    const saved = await this.drafts.save(interactionId, agentId, notes);
    // The contact may have closed while the draft was on its way: settled now rather than at the next start.
    if (!this.routing.core.getContact(interactionId)) void this.settle([interactionId], []);
    return { interactionId, notes: saved.notes, updatedAt: saved.updatedAt.toISOString() };
  }

  private requireHandledBy(interactionId: string, agentId: string): void {
    const contact = this.routing.core.getContact(interactionId);
    if (!contact) throw interactionErrors.draftClosed(interactionId);
    if (contact.agentId !== agentId || (contact.status !== 'connected' && contact.status !== 'wrap_up')) throw interactionErrors.notYourContact(interactionId);
  }

  private async settle(closed: string[], timedOut: string[]): Promise<void> {
    try {
      if (timedOut.length > 0) await this.drafts.markTimedOut(timedOut);
      if (closed.length > 0) await this.drafts.settleClosed(closed);
    } catch (error) {
      // The drafts stay stored: the next start or takeover settles them.
      this.logger.error(`settling wrap-up drafts failed: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  private async settleAll(): Promise<void> {
    try {
      const settled = await this.drafts.settleClosed();
      if (settled > 0) this.logger.log(`${settled} wrap-up draft(s) of closed contacts kept with their contacts`);
      this.withDraft.clear();
      const stored = await this.drafts.contactsWithDrafts();
      for (const interactionId of stored) this.withDraft.add(interactionId);
      // A contact that closed while the drafts were read (overdue timers fire as routing starts) is settled now;
      // the statement moves only drafts of contacts stored as closed.
      const notLive = stored.filter((interactionId) => !this.routing.core.getContact(interactionId));
      if (notLive.length > 0) await this.drafts.settleClosed(notLive);
    } catch (error) {
      this.logger.error(`settling wrap-up drafts failed: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
}
