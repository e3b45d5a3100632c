import type { FeedLedger } from '../calendar';
import { FeedLedgerRepository } from '../feed-ledger';

/** Ledgers in a map, with the same version check as the database. */
export class FakeFeedLedgerRepository extends FeedLedgerRepository {
  readonly rows = new Map<string, FeedLedger>();

  async load(feedId: string): Promise<FeedLedger | null> {
    const l = this.rows.get(feedId);
    return l ? structuredClone(l) : null;
  }

  async save(feedId: string, ledger: FeedLedger): Promise<boolean> {
    const stored = this.rows.get(feedId);
    if ((stored?.version ?? 0) !== ledger.version - 1) return false;
    this.rows.set(feedId, structuredClone(ledger));
    return true;
  }

  async remove(feedId: string): Promise<void> {
    this.rows.delete(feedId);
  }
}
