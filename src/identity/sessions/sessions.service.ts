import { Inject, Injectable } from '@nestjs/common';
import { Clock } from '../../common/time/clock';
import { IDENTITY_SETTINGS, IdentitySettings } from '../identity-settings';
import { randomSecret, sha256Hex } from '../secrets';
import { Session, SessionRepository } from './session';

/** Activity moves the idle expiry at most this often: one write a minute, not per request. */
export const SESSION_TOUCH_INTERVAL_MS = 60_000;

export interface ClientInfo {
  ip?: string;
  userAgent?: string;
}

@Injectable()
export class SessionsService {
  constructor(
    private readonly sessions: SessionRepository,
    private readonly clock: Clock,
    @Inject(IDENTITY_SETTINGS) private readonly settings: IdentitySettings,
  ) {}

  private get idleMs(): number {
    return this.settings.sessionIdleMinutes * 60_000;
  }

  /**
   * A new session for a sign-in. Always a fresh id (the one a browser brought along, if any,
   * is ended): an id planted before sign-in never becomes an authenticated one.
   */
  async start(
    accountId: string,
    client: ClientInfo,
    previousSessionId?: string,
  ): Promise<{ sessionId: string; session: Session }> {
    if (previousSessionId) await this.sessions.delete(sha256Hex(previousSessionId));
    const now = this.clock.now();
    const sessionId = randomSecret();
    const absoluteExpiresAt = new Date(
      now.getTime() + this.settings.sessionAbsoluteHours * 3_600_000,
    );
    const session: Session = {
      idHash: sha256Hex(sessionId),
      accountId,
      csrfToken: randomSecret(),
      createdAt: now,
      lastSeenAt: now,
      absoluteExpiresAt,
      expiresAt: this.expiryFrom(now, absoluteExpiresAt),
      ...(client.ip !== undefined && { ip: client.ip }),
      ...(client.userAgent !== undefined && { userAgent: client.userAgent.slice(0, 300) }),
    };
    await this.sessions.insert(session);
    return { sessionId, session };
  }

  /** The live session the cookie names, its idle expiry moved on; null when none or ended. */
  async resolve(sessionId: string): Promise<Session | null> {
    const idHash = sha256Hex(sessionId);
    const session = await this.sessions.findByIdHash(idHash);
    if (!session) return null;
    const now = this.clock.now();
    if (now >= session.expiresAt || now >= session.absoluteExpiresAt) {
      await this.sessions.delete(idHash);
      return null;
    }
    if (now.getTime() - session.lastSeenAt.getTime() >= SESSION_TOUCH_INTERVAL_MS) {
      const expiresAt = this.expiryFrom(now, session.absoluteExpiresAt);
      await this.sessions.touch(idHash, now, expiresAt);
      return { ...session, lastSeenAt: now, expiresAt };
    }
    return session;
  }

  async end(sessionId: string): Promise<void> {
    await this.sessions.delete(sha256Hex(sessionId));
  }

  /** Ends every session of the account but `keepSessionId`'s. */
  endAllFor(accountId: string, keepSessionId?: string): Promise<number> {
    return this.sessions.deleteForAccount(
      accountId,
      keepSessionId === undefined ? undefined : sha256Hex(keepSessionId),
    );
  }

  private expiryFrom(now: Date, absoluteExpiresAt: Date): Date {
    return new Date(Math.min(now.getTime() + this.idleMs, absoluteExpiresAt.getTime()));
  }
}
