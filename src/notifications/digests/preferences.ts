/** The digests an account can receive. */
export const DIGEST_KINDS = ['agency', 'coordinator'] as const;
export type DigestKind = (typeof DIGEST_KINDS)[number];

/** What one account wants to receive, and how often. */
export interface NotificationPreferences {
  accountId: string;
  /** The conflicts opened or closed touching the officer's agencies. */
  agencyDigest: boolean;
  /** The province's new conflicts and decisions (coordinators). */
  coordinatorDigest: boolean;
  /** At most one digest per agency (and one coordinator digest) per this many minutes. */
  periodMinutes: number;
  updatedAt?: Date;
}

export function defaultPreferences(
  accountId: string,
  periodMinutes: number,
): NotificationPreferences {
  return { accountId, agencyDigest: true, coordinatorDigest: true, periodMinutes };
}

export const DIGEST_FIELD: Record<DigestKind, 'agencyDigest' | 'coordinatorDigest'> = {
  agency: 'agencyDigest',
  coordinator: 'coordinatorDigest',
};

export abstract class PreferencesRepository {
  abstract find(accountIds: string[]): Promise<NotificationPreferences[]>;
  abstract save(
    accountId: string,
    changes: Partial<Omit<NotificationPreferences, 'accountId'>>,
    at: Date,
  ): Promise<void>;
}

/** Where each digest's next window starts, per recipient and agency. */
export abstract class DigestCursors {
  abstract get(ids: string[]): Promise<Map<string, Date>>;
  abstract advance(id: string, until: Date): Promise<void>;
}
