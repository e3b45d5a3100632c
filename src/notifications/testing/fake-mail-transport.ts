import { MailSendError, MailTransport, SentReceipt } from '../outbox/mail-transport';
import type { MailContent } from '../outbox/outbox';

/** Records what it was asked to send; `failWith` makes the next sends throw. */
export class FakeMailTransport extends MailTransport {
  readonly sent: { mail: MailContent; messageId: string; key: string }[] = [];
  failures: { code?: number; message: string }[] = [];

  constructor(readonly enabled = true) {
    super();
  }

  failNext(...failures: { code?: number; message: string }[]): void {
    this.failures.push(...failures);
  }

  async send(
    mail: MailContent,
    envelope: { messageId: string; key: string },
  ): Promise<SentReceipt> {
    const failure = this.failures.shift();
    if (failure) throw new MailSendError(failure.message, failure.code);
    this.sent.push({ mail, ...envelope });
    return { response: `250 Ok ${this.sent.length}` };
  }
}
