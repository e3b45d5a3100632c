import { Injectable } from '@nestjs/common';
import { InjectConnection } from '@nestjs/mongoose';
import type { Connection } from 'mongoose';
import { AgencyRepository } from '../agencies/agency';
import { Recipient, RecipientDirectory } from './recipients';

interface AccountRow {
  _id: string;
  displayName: string;
  email?: string;
  agencyCodes?: string[];
}

/**
 * Agencies through their repository; accounts read from their collection (identity exposes no
 * query by agency). Accounts number in the thousands per deployment: the filters below scan
 * them, which costs less than an index every sign-in would maintain.
 */
@Injectable()
export class MongoRecipientDirectory extends RecipientDirectory {
  constructor(
    private readonly agencies: AgencyRepository,
    @InjectConnection() private readonly connection: Connection,
  ) {
    super();
  }

  async agencyContacts(codes: string[]) {
    if (codes.length === 0) return [];
    return (await this.agencies.findByCodes(codes))
      .filter((a) => a.contactEmail)
      .map((a) => ({ email: a.contactEmail!, name: a.name, agencyCode: a.code }));
  }

  async officersOf(codes: string[]) {
    if (codes.length === 0) return [];
    const rows = await this.accounts({ roles: 'officer', agencyCodes: { $in: codes } });
    return rows.map((r) => ({ ...toRecipient(r), agencyCodes: r.agencyCodes ?? [] }));
  }

  async coordinators(): Promise<Recipient[]> {
    return (await this.accounts({ roles: 'coordinator' })).map(toRecipient);
  }

  private async accounts(filter: Record<string, unknown>): Promise<AccountRow[]> {
    return this.connection
      .collection<AccountRow>('accounts')
      .find(
        { ...filter, status: 'active', email: { $type: 'string', $ne: '' } },
        { projection: { displayName: 1, email: 1, agencyCodes: 1 } },
      )
      .sort({ _id: 1 })
      .toArray() as Promise<AccountRow[]>;
  }
}

function toRecipient(r: AccountRow): Recipient {
  return { email: r.email!, name: r.displayName, accountId: String(r._id) };
}
