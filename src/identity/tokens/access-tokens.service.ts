import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { AuditTrail } from '../../audit/audit';
import { NotFoundError } from '../../common/errors/domain-errors';
import { Clock } from '../../common/time/clock';
import { randomSecret, sha256Hex } from '../secrets';
import { ForbiddenError } from '../identity-errors';
import {
  AccessToken,
  AccessTokenRepository,
  AccessTokenView,
  DEFAULT_TOKEN_SCOPES,
  TOKEN_SCOPES,
  TokenScope,
  toAccessTokenView,
} from './access-token';

/** Recognisable in logs and secret scanners; 32 random bytes follow. */
export const TOKEN_PREFIX = 'isk_';
export const DEFAULT_TOKEN_DAYS = 90;
/** lastUsedAt is written at most this often per token. */
export const TOKEN_USE_RECORD_INTERVAL_MS = 60_000;

export interface Holder {
  accountId: string;
  username: string;
  /** Set when the holder acts through a token: a new token cannot exceed it. */
  scopes?: readonly TokenScope[];
}

@Injectable()
export class AccessTokensService {
  constructor(
    private readonly tokens: AccessTokenRepository,
    private readonly audit: AuditTrail,
    private readonly clock: Clock,
  ) {}

  async create(
    holder: Holder,
    input: { name: string; expiresInDays?: number; scopes?: TokenScope[] },
  ): Promise<AccessTokenView & { token: string }> {
    const asked = new Set(input.scopes?.length ? input.scopes : DEFAULT_TOKEN_SCOPES);
    const scopes = TOKEN_SCOPES.filter((scope) => asked.has(scope)); // canonical order
    const beyond = holder.scopes && scopes.filter((scope) => !holder.scopes!.includes(scope));
    if (beyond?.length)
      throw new ForbiddenError(
        'TOKEN_SCOPE_INSUFFICIENT',
        `This token has scopes ${holder.scopes!.join(', ')}; it cannot grant ${beyond.join(', ')}`,
      );
    const now = this.clock.now();
    const secret = `${TOKEN_PREFIX}${randomSecret()}`;
    const token: AccessToken = {
      id: randomUUID(),
      accountId: holder.accountId,
      name: input.name,
      scopes,
      tokenHash: sha256Hex(secret),
      createdAt: now,
      expiresAt: new Date(now.getTime() + (input.expiresInDays ?? DEFAULT_TOKEN_DAYS) * 86_400_000),
    };
    await this.tokens.insert(token);
    await this.audit.record({
      entityType: 'account',
      entityId: holder.accountId,
      action: 'token-created',
      actor: holder.username,
      note: `${token.name} (${token.id}; ${scopes.join(', ')})`,
    });
    return { ...toAccessTokenView(token), token: secret };
  }

  async list(accountId: string): Promise<AccessTokenView[]> {
    return (await this.tokens.listForAccount(accountId)).map(toAccessTokenView);
  }

  /** Another account's token answers 404 like a missing one: ids reveal nothing. */
  async revoke(holder: Holder, id: string): Promise<void> {
    if (!(await this.tokens.revoke(id, holder.accountId, this.clock.now())))
      throw new NotFoundError('Access token', id);
    await this.audit.record({
      entityType: 'account',
      entityId: holder.accountId,
      action: 'token-revoked',
      actor: holder.username,
      note: id,
    });
  }

  /** The live token a Bearer secret names, its use recorded; null when unknown or ended. */
  async resolve(secret: string): Promise<AccessToken | null> {
    if (!secret.startsWith(TOKEN_PREFIX)) return null;
    const token = await this.tokens.findByHash(sha256Hex(secret));
    if (!token || token.revokedAt) return null;
    const now = this.clock.now();
    if (now >= token.expiresAt) return null;
    if (
      !token.lastUsedAt ||
      now.getTime() - token.lastUsedAt.getTime() >= TOKEN_USE_RECORD_INTERVAL_MS
    )
      await this.tokens.markUsed(
        token.id,
        now,
        new Date(now.getTime() - TOKEN_USE_RECORD_INTERVAL_MS + 1),
      );
    return token;
  }
}
