import type { MailContent } from './outbox';

export interface SentReceipt {
  /** The server's reply to the message ("250 2.0.0 Ok: queued as ..."). */
  response: string;
}

/** Thrown by a transport: carries the server's reply code when there was one. */
export class MailSendError extends Error {
  constructor(
    message: string,
    readonly responseCode?: number,
  ) {
    super(message);
    this.name = 'MailSendError';
  }
}

/** How mail leaves: SMTP in production, off when unconfigured, a fake in unit tests. */
export abstract class MailTransport {
  /** False when mail is off (no SMTP_URL): nothing is sent, the outbox keeps recording. */
  abstract readonly enabled: boolean;
  abstract send(
    mail: MailContent,
    envelope: { messageId: string; key: string },
  ): Promise<SentReceipt>;
  async close(): Promise<void> {}
}
