import { Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { AgencyRepository } from '../../agencies/agency';
import { LeasedIntervals } from '../../common/jobs/job-lease';
import { Clock } from '../../common/time/clock';
import { AppConfig } from '../../config/app-config';
import { APP_CONFIG } from '../../config/config.module';
import { MAIL_SETTINGS, MailSettings, webLink } from '../mail-settings';
import { NewNotification, OutboxRepository } from '../outbox/outbox';
import { Recipient, RecipientDirectory } from '../recipients';
import { ConflictChange, ConflictChangesSource } from './conflict-changes';
import { agencyDigest, coordinatorDigest, DigestLinks } from './digest-content';
import {
  defaultPreferences,
  DigestCursors,
  DigestKind,
  NotificationPreferences,
  PreferencesRepository,
} from './preferences';
import { UnsubscribeKey } from './unsubscribe-key';
import { unsubscribeToken } from './unsubscribe-token';

export const DIGEST_JOB = 'notifications.digests';
const MINUTE = 60_000;
const UTC7_MS = 7 * 3_600_000;
const LEASE_MS = 10 * MINUTE;

/**
 * The end of the last whole period before `now`, periods counted from midnight in Vietnam
 * (a daily digest covers one Vietnamese calendar day, an hourly one a clock hour).
 */
export function periodEnd(now: Date, periodMinutes: number): Date {
  const p = periodMinutes * MINUTE;
  return new Date(Math.floor((now.getTime() + UTC7_MS) / p) * p - UTC7_MS);
}

/**
 * Digests: for each officer, per agency it acts for, the conflicts opened or closed touching
 * the agency; for each coordinator, the province's new conflicts and decisions. A recipient's
 * window runs from where its last one ended (its cursor) to the end of the last whole period
 * of its preference (at least DIGEST_PERIOD_MINUTES); the outbox key names the recipient,
 * agency and window end, so a re-run (another replica, a crash before the cursor moved) never
 * mails twice, and at most one mail per agency per period goes to anyone.
 */
@Injectable()
export class DigestService implements OnApplicationBootstrap {
  private readonly logger = new Logger('Digests');

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly directory: RecipientDirectory,
    private readonly agencies: AgencyRepository,
    private readonly preferences: PreferencesRepository,
    private readonly cursors: DigestCursors,
    private readonly changes: ConflictChangesSource,
    private readonly outbox: OutboxRepository,
    private readonly key: UnsubscribeKey,
    @Inject(MAIL_SETTINGS) private readonly settings: MailSettings,
    private readonly intervals: LeasedIntervals,
    private readonly clock: Clock,
  ) {}

  onApplicationBootstrap(): void {
    if (!this.config.schedulerEnabled || !this.config.notificationsWorker) return;
    // Often enough to close each period within minutes of its end; the key does the rest.
    const every = Math.min(5, this.config.digestPeriodMinutes) * MINUTE;
    this.intervals.every({
      job: DIGEST_JOB,
      everyMs: every,
      leaseMs: LEASE_MS,
      round: () => this.run(),
      logger: this.logger,
      report: (n) => `${n} digests enqueued`,
      what: 'digest round',
    });
  }

  /** One round at the clock's now; returns how many digests it enqueued. */
  async run(): Promise<number> {
    const now = this.clock.now();
    const agencies = await this.agencies.list({});
    const names = new Map(agencies.map((a) => [a.code, a.name]));
    const officers = await this.directory.officersOf([...names.keys()]);
    const coordinators = await this.directory.coordinators();
    const prefs = await this.preferencesOf([...officers, ...coordinators]);
    const changesCache = new Map<string, Promise<ConflictChange[]>>();
    const changesOf = (from: Date, to: Date, agency?: string) => {
      const k = `${from.toISOString()}|${to.toISOString()}|${agency ?? ''}`;
      if (!changesCache.has(k)) changesCache.set(k, this.changes.between(from, to, agency));
      return changesCache.get(k)!;
    };

    let enqueued = 0;
    for (const officer of officers) {
      const pref = prefs.get(officer.accountId!)!;
      if (!pref.agencyDigest) continue;
      const to = periodEnd(now, pref.periodMinutes);
      for (const code of officer.agencyCodes.filter((c) => names.has(c))) {
        enqueued += await this.window(
          `agency:${officer.accountId}:${code}`,
          to,
          pref,
          async (from) => {
            const content = agencyDigest(
              { code, name: names.get(code)! },
              { from, to },
              await changesOf(from, to, code),
              await this.links(officer.accountId!, 'agency'),
            );
            return (
              content &&
              this.notification(officer, 'agency', `${code}:${officer.accountId}`, to, content)
            );
          },
        );
      }
    }
    for (const coordinator of coordinators) {
      const pref = prefs.get(coordinator.accountId!)!;
      if (!pref.coordinatorDigest) continue;
      const to = periodEnd(now, pref.periodMinutes);
      enqueued += await this.window(
        `coordinator:${coordinator.accountId}`,
        to,
        pref,
        async (from) => {
          const content = coordinatorDigest(
            { from, to },
            await changesOf(from, to),
            await this.links(coordinator.accountId!, 'coordinator'),
          );
          return (
            content &&
            this.notification(coordinator, 'coordinator', coordinator.accountId!, to, content)
          );
        },
      );
    }
    return enqueued;
  }

  /** The window [cursor, to): enqueue its digest (if any change), then move the cursor. */
  private async window(
    cursorId: string,
    to: Date,
    pref: NotificationPreferences,
    build: (from: Date) => Promise<NewNotification | null>,
  ): Promise<number> {
    const cursor = (await this.cursors.get([cursorId])).get(cursorId);
    const from = cursor ?? new Date(to.getTime() - pref.periodMinutes * MINUTE);
    if (from.getTime() >= to.getTime()) return 0;
    const notification = await build(from);
    const inserted = notification ? await this.outbox.enqueue([notification], this.clock.now()) : 0;
    await this.cursors.advance(cursorId, to);
    return inserted;
  }

  private notification(
    to: Recipient,
    digest: DigestKind,
    scope: string,
    windowEnd: Date,
    content: { subject: string; text: string },
  ): Promise<NewNotification> {
    return this.links(to.accountId!, digest).then((links) => ({
      key: `digest:${digest}:${scope}:${windowEnd.toISOString()}`,
      kind: digest === 'agency' ? ('agency-digest' as const) : ('coordinator-digest' as const),
      mail: {
        to: to.email,
        subject: content.subject,
        text: `Kính gửi ${to.name},\n\n${content.text}\n`,
        headers: {
          'List-Unsubscribe': `<${links.unsubscribe}>`,
          'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
          'Auto-Submitted': 'auto-generated',
        },
      },
    }));
  }

  private async links(accountId: string, digest: DigestKind): Promise<DigestLinks> {
    const token = unsubscribeToken({ accountId, digest }, await this.key.get());
    return {
      conflict: (id) => webLink(this.settings, 'conflicts', id),
      meeting: (id) => webLink(this.settings, 'meetings', id),
      unsubscribe: `${this.settings.publicBaseUrl}/notifications/unsubscribe/${token}`,
    };
  }

  /** Each account's preferences, defaults filled in, the period never below the deployment's. */
  private async preferencesOf(
    recipients: Recipient[],
  ): Promise<Map<string, NotificationPreferences>> {
    const ids = [...new Set(recipients.map((r) => r.accountId!))];
    const stored = new Map((await this.preferences.find(ids)).map((p) => [p.accountId, p]));
    const floor = this.config.digestPeriodMinutes;
    return new Map(
      ids.map((id) => {
        const p = { ...defaultPreferences(id, floor), ...stripUndefined(stored.get(id)) };
        return [id, { ...p, periodMinutes: Math.max(floor, p.periodMinutes) }];
      }),
    );
  }
}

function stripUndefined<T extends object>(o: T | undefined): Partial<T> {
  return Object.fromEntries(
    Object.entries(o ?? {}).filter(([, v]) => v !== undefined && v !== null),
  ) as Partial<T>;
}
