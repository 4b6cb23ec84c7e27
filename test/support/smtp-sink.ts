import type { AddressInfo } from 'node:net';
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';

export interface SinkMessage {
  envelope: { from: string; to: string[] };
  raw: string;
  parsed: ParsedMail;
}

/** A real SMTP server standing in for the centre's relay: records what it receives, refuses on demand. */
export interface SmtpSink {
  url: string;
  received: SinkMessage[];
  /** The next `count` messages are refused with 451 (a relay in trouble). */
  failNext(count: number): void;
  refused: number;
  close(): Promise<void>;
}

export async function startSink(): Promise<SmtpSink> {
  const received: SinkMessage[] = [];
  let failures = 0;
  const state = { refused: 0 };
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['AUTH', 'STARTTLS'],
    disableReverseLookup: true,
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        if (failures > 0) {
          failures -= 1;
          state.refused += 1;
          return callback(Object.assign(new Error('4.3.0 Relay busy, try later'), { responseCode: 451 }));
        }
        const raw = Buffer.concat(chunks);
        void simpleParser(raw).then((parsed) => {
          received.push({
            envelope: { from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '', to: session.envelope.rcptTo.map((rcpt) => rcpt.address) },
            raw: raw.toString('utf8'),
            parsed,
          });
          callback();
        }, callback);
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const port = (server.server.address() as AddressInfo).port;
  return {
    url: `smtp://127.0.0.1:${port}`,
    received,
    failNext: (count) => (failures = count),
    get refused() {
      return state.refused;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
