// The outbox: every notification is a document, written with (right after) the change that
// caused it and keyed by that cause, then sent by one worker. Pure types and ports; no Nest.

export const OUTBOX_STATUSES = ['queued', 'sending', 'sent', 'failed'] as const;
export type OutboxStatus = (typeof OUTBOX_STATUSES)[number];

export type NotificationKind =
  | 'meeting-invitation'
  | 'agency-digest'
  | 'coordinator-digest'
  | 'enterprise-notice'
  | 'deadline-reminder';

export interface MailAttachment {
  filename: string;
  contentType: string;
  content: string;
}

/** What goes on the wire: one recipient per message, so each is sent (and counted) once. */
export interface MailContent {
  to: string;
  subject: string;
  text: string;
  html?: string;
  /** Extra headers (List-Unsubscribe, ...); values ASCII or already encoded. */
  headers?: Record<string, string>;
  /** An iTIP calendar part (text/calendar; method=...), as an alternative to the text. */
  calendar?: { method: 'REQUEST' | 'CANCEL'; content: string };
  attachments?: MailAttachment[];
}

/** What caused a notification, for finding the last one of a record (meeting invitations). */
export interface NotificationCause {
  /** The record, e.g. `meeting:<id>`. */
  ref: string;
  revision: number;
  /** Digest of what the mail showed (an invitation's time, place...): a change sends again. */
  fingerprint?: string;
  method?: string;
}

/** A notification to enqueue. */
export interface NewNotification {
  /** The cause, e.g. `meeting:<id>:r3:<address>`: unique, so a retried cause never enqueues twice. */
  key: string;
  kind: NotificationKind;
  mail: MailContent;
  cause?: NotificationCause;
}

/** The server's last answer (or the connection error when there was none). */
export interface SendFailure {
  at: Date;
  /** SMTP reply code when the server answered, e.g. 451, 550. */
  responseCode?: number;
  /** Its text, or the error message (ECONNREFUSED, timeout...). */
  response: string;
  permanent: boolean;
}

export interface OutboxMessage extends NewNotification {
  id: string;
  status: OutboxStatus;
  attempts: number;
  /** Not before this instant (back-off). */
  nextAttemptAt: Date;
  /** While sending: who claimed it and until when (past it, another sender may). */
  claimedBy?: string;
  claimedUntil?: Date;
  lastError?: SendFailure;
  /** Message-ID it went out with: the same on every attempt, so receivers can drop a repeat. */
  messageId: string;
  /** The server's acceptance ("250 2.0.0 Ok: queued as ..."). */
  sentResponse?: string;
  sentAt?: Date;
  createdAt: Date;
  updatedAt: Date;
}

export abstract class OutboxRepository {
  /** Inserts what is new; a key already present is skipped. Returns how many were inserted. */
  abstract enqueue(notifications: NewNotification[], at: Date): Promise<number>;
  /**
   * Claims up to `limit` messages due at `now` (queued and due, or sending with an expired
   * claim: its sender died), oldest first, each atomically so two senders never share one.
   */
  abstract claimDue(
    now: Date,
    holder: string,
    claimUntil: Date,
    limit: number,
  ): Promise<OutboxMessage[]>;
  /** Marks sent, only while `holder` still holds the claim. */
  abstract markSent(id: string, holder: string, response: string, at: Date): Promise<void>;
  /** Back to queued (retry at `next`) or to failed (permanent), with the failure recorded. */
  abstract markFailed(
    id: string,
    holder: string,
    failure: SendFailure,
    next: Date | null,
  ): Promise<void>;
  abstract list(
    filter: { status?: OutboxStatus; kind?: NotificationKind },
    skip: number,
    limit: number,
  ): Promise<{ items: OutboxMessage[]; total: number }>;
  abstract countByStatus(): Promise<Record<OutboxStatus, number>>;
  abstract hasKey(key: string): Promise<boolean>;
  /** The cause of the latest notification about `ref` (highest revision), if any. */
  abstract lastCause(ref: string): Promise<NotificationCause | null>;
}
