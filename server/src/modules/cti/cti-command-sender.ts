import { Inject, Injectable, Logger } from '@nestjs/common';
import type { CtiCommandMessage } from '@callcentre/shared';
import { AppConfig } from '../../common/config/app-config';
import { APP_CONFIG } from '../../common/config/config.tokens';
import { CTI_SIGNATURE_HEADER, CTI_TIMESTAMP_HEADER, signCtiMessage } from './cti-signature';

/** What became of sending a command: taken by the PBX (its answer comes as a telephony event), or refused at once. */
export type Delivery = { kind: 'taken' } | { kind: 'refused'; detail: string } | { kind: 'undelivered' } | { kind: 'no_pbx' };

/** Longest wait for one POST to the PBX. */
const ATTEMPT_TIMEOUT_MS = 3000;

/**
 * Sends call commands to the PBX's adapter (CTI_COMMAND_URL): one signed POST, repeated with the same command id
 * on a network error or a 5xx until the command expires (the PBX treats a repeat as the same command). A 4xx is
 * the PBX refusing the command. Without CTI_COMMAND_URL there is no PBX: `no_pbx`.
 */
@Injectable()
export class CtiCommandSender {
  private readonly logger = new Logger('CtiCommands');

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {
    if (config.CTI_COMMAND_URL && !config.CTI_SHARED_SECRET) throw new Error('CTI_COMMAND_URL is set without CTI_SHARED_SECRET: commands to the PBX must be signed');
  }

  async send(message: CtiCommandMessage): Promise<Delivery> {
    const url = this.config.CTI_COMMAND_URL;
    const secret = this.config.CTI_SHARED_SECRET;
    if (!url || !secret) return { kind: 'no_pbx' };
    const body = JSON.stringify(message);
    const expiresAt = Date.parse(message.expiresAt);
    let pause = 200;
    for (;;) {
      const timestamp = String(Math.floor(Date.now() / 1000));
      try {
        const response = await fetch(url, {
          method: 'POST',
          headers: { 'content-type': 'application/json', [CTI_TIMESTAMP_HEADER]: timestamp, [CTI_SIGNATURE_HEADER]: signCtiMessage(secret, timestamp, body) },
          body,
          signal: AbortSignal.timeout(ATTEMPT_TIMEOUT_MS),
        });
        if (response.ok) return { kind: 'taken' };
        if (response.status < 500 && response.status !== 408 && response.status !== 429) {
          const text = (await response.text().catch(() => '')).slice(0, 160);
          return { kind: 'refused', detail: `the PBX answered ${response.status}${text ? `: ${text}` : ''}` };
        }
        this.logger.warn(`command ${message.commandId} (${message.type}): the PBX answered ${response.status}, sending again`);
      } catch (error) {
        this.logger.warn(`command ${message.commandId} (${message.type}) not delivered: ${error instanceof Error ? error.message : String(error)}`);
      }
      if (Date.now() + pause >= expiresAt) return { kind: 'undelivered' };
      await new Promise((resolve) => setTimeout(resolve, pause));
      pause = Math.min(pause * 2, 2000);
    }
  }
}
