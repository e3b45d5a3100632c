import type { FeedLedger } from './calendar';

/** Per feed, what it last published (see calendar/ledger.ts): one document per subscription. */
export abstract class FeedLedgerRepository {
  abstract load(feedId: string): Promise<FeedLedger | null>;
  /**
   * Stores the ledger if the stored one still has `ledger.version - 1` (or none exists for
   * version 1); false when another replica stored first.
   */
  abstract save(feedId: string, ledger: FeedLedger): Promise<boolean>;
  abstract remove(feedId: string): Promise<void>;
}
