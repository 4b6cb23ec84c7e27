import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { CallCommandType, CtiCommandMessage, TelephonyEventBody, TelephonyEventResult } from '@callcentre/shared';
import { CTI_SIGNATURE_HEADER, CTI_TIMESTAMP_HEADER, signCtiMessage, verifyCtiMessage } from '../../server/src/modules/cti/cti-signature';

/**
 * How the fake PBX answers a command: confirm or refuse it (as a telephony event, after the HTTP 202), stay silent,
 * answer twice, refuse at the door (HTTP 4xx), or hold the answer until the test releases it (late, or out of order).
 */
export type PbxBehaviour =
  | { kind: 'confirm' }
  | { kind: 'refuse'; reason: string }
  | { kind: 'silent' }
  | { kind: 'confirm_twice' }
  | { kind: 'reject_http'; status: number }
  | { kind: 'hold' };

export interface ReceivedCommand {
  message: CtiCommandMessage;
  /** Whether the signature checked out with the shared secret. */
  signed: boolean;
}

/**
 * The PBX's side of the CTI contract (docs/cti.md), for tests: receives the signed commands on its own HTTP port,
 * answers them as told (per command type, default confirm), and sends the telephony events a PBX would, signed and
 * with its API key. Held answers wait for `release`. Runs in the test process, or alone:
 * `CTI_SHARED_SECRET=... SERVER_URL=... API_KEY=... PORT=... npx ts-node test/support/fake-pbx.ts`.
 */
export class FakePbx {
  readonly commands: ReceivedCommand[] = [];
  readonly answers: Array<{ event: TelephonyEventBody; status: number; result: TelephonyEventResult | null }> = [];
  private readonly behaviours = new Map<CallCommandType | '*', PbxBehaviour>();
  private readonly held = new Map<string, CtiCommandMessage>();
  private readonly waiters: Array<{ match: (command: ReceivedCommand) => boolean; resolve: (command: ReceivedCommand) => void }> = [];
  private server: Server | null = null;
  private eventSeq = 0;
  url = '';

  constructor(
    private readonly options: { secret: string; serverUrl: () => string; apiKey: () => string },
  ) {}

  async start(port = 0): Promise<string> {
    const server = createServer((request, response) => void this.receive(request, response));
    this.server = server;
    await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/commands`;
    return this.url;
  }

  async stop(): Promise<void> {
    const server = this.server;
    this.server = null;
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  /** How to answer commands of a type ('*': every type not named). */
  answer(type: CallCommandType | '*', behaviour: PbxBehaviour): void {
    this.behaviours.set(type, behaviour);
  }

  reset(): void {
    this.behaviours.clear();
    this.held.clear();
  }

  /** Resolves with the next command received (of the type, when given), or one already received and not yet awaited. */
  nextCommand(type?: CallCommandType, since = 0): Promise<ReceivedCommand> {
    const match = (command: ReceivedCommand) => !type || command.message.type === type;
    const already = this.commands.slice(since).find(match);
    if (already) return Promise.resolve(already);
    return new Promise((resolve) => this.waiters.push({ match, resolve }));
  }

  /** Sends the answer of a held command now (late, or in another order than received). */
  release(commandId: string, outcome: 'confirm' | 'refuse' = 'confirm', reason = 'refused'): Promise<TelephonyEventResult | null> {
    const message = this.held.get(commandId);
    if (!message) throw new Error(`no held command ${commandId}`);
    this.held.delete(commandId);
    return outcome === 'confirm' ? this.confirm(message) : this.refuse(message, reason);
  }

  confirm(message: CtiCommandMessage, eventId?: string): Promise<TelephonyEventResult | null> {
    return this.send({ eventId: eventId ?? this.nextEventId(), type: 'command.confirmed', callId: message.callId, commandId: message.commandId });
  }

  refuse(message: CtiCommandMessage, reason: string): Promise<TelephonyEventResult | null> {
    return this.send({ eventId: this.nextEventId(), type: 'command.refused', callId: message.callId, commandId: message.commandId, reason });
  }

  /** The caller hung up. */
  hangUp(callId: string): Promise<TelephonyEventResult | null> {
    return this.send({ eventId: this.nextEventId(), type: 'call.ended', callId });
  }

  /** Sends one telephony event, signed (or with a bad signature), with the PBX's API key; returns the server's answer. */
  async send(event: TelephonyEventBody, options: { badSignature?: boolean } = {}): Promise<TelephonyEventResult | null> {
    const body = JSON.stringify(event);
    const timestamp = String(Math.floor(Date.now() / 1000));
    const signature = signCtiMessage(options.badSignature ? `${this.options.secret}-wrong` : this.options.secret, timestamp, body);
    const response = await fetch(`${this.options.serverUrl()}/api/cti/events`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-api-key': this.options.apiKey(), [CTI_TIMESTAMP_HEADER]: timestamp, [CTI_SIGNATURE_HEADER]: signature },
      body,
    });
    const text = await response.text();
    const result = response.ok && text ? (JSON.parse(text) as TelephonyEventResult) : null;
    this.answers.push({ event, status: response.status, result });
    if (!response.ok && !options.badSignature) throw new Error(`the server refused the telephony event (${response.status}): ${text}`);
    return result;
  }

  private nextEventId(): string {
    this.eventSeq += 1;
    return `pbx-${process.pid}-${Date.now()}-${this.eventSeq}`;
  }

  private async receive(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks).toString('utf8');
    const header = (name: string) => (typeof request.headers[name] === 'string' ? (request.headers[name] as string) : undefined);
    const signed = verifyCtiMessage(this.options.secret, header(CTI_TIMESTAMP_HEADER), body, header(CTI_SIGNATURE_HEADER), Date.now());
    if (!signed) {
      response.writeHead(401).end('bad signature');
      return;
    }
    const message = JSON.parse(body) as CtiCommandMessage;
    const behaviour = this.behaviours.get(message.type) ?? this.behaviours.get('*') ?? { kind: 'confirm' };
    if (behaviour.kind === 'reject_http') {
      response.writeHead(behaviour.status).end('not possible on this call');
    } else {
      response.writeHead(202, { 'content-type': 'application/json' }).end('{"accepted":true}');
    }
    const received: ReceivedCommand = { message, signed };
    this.commands.push(received);
    for (let i = this.waiters.length - 1; i >= 0; i--) {
      if (this.waiters[i].match(received)) {
        this.waiters[i].resolve(received);
        this.waiters.splice(i, 1);
      }
    }
    switch (behaviour.kind) {
      case 'confirm':
        await this.confirm(message);
        return;
      case 'confirm_twice': {
        const eventId = this.nextEventId();
        await this.confirm(message, eventId);
        await this.confirm(message, eventId);
        await this.confirm(message);
        return;
      }
      case 'refuse':
        await this.refuse(message, behaviour.reason);
        return;
      case 'hold':
        this.held.set(message.commandId, message);
        return;
      default:
        return;
    }
  }
}

if (require.main === module) {
  const secret = process.env.CTI_SHARED_SECRET ?? '';
  const pbx = new FakePbx({ secret, serverUrl: () => process.env.SERVER_URL ?? 'http://127.0.0.1:3000', apiKey: () => process.env.API_KEY ?? '' });
  void pbx.start(Number(process.env.PORT ?? 0)).then((url) => process.stdout.write(`fake PBX listening at ${url}\n`));
}
