import { createTransport } from 'nodemailer';
import { SmtpListener } from '../../../server/src/modules/email/smtp-listener';
import type { TestApp } from '../../support/test-app';

export { startSink, type SinkMessage, type SmtpSink } from '../../support/smtp-sink';

/** A real SMTP client to the server's listener. */
export function mailClient(server: TestApp) {
  const port = server.app.get(SmtpListener).port;
  if (!port) throw new Error('the SMTP listener is off');
  return createTransport({ host: '127.0.0.1', port, secure: false, ignoreTLS: true, connectionTimeout: 5000 });
}

/** The SMTP error of a send that must fail. */
export async function refusal(send: Promise<unknown>): Promise<{ responseCode?: number; response?: string }> {
  try {
    await send;
  } catch (error) {
    return error as { responseCode?: number; response?: string };
  }
  throw new Error('the message was accepted');
}
