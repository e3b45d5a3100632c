/** Someone a notification is addressed to. */
export interface Recipient {
  email: string;
  /** As the mail and the invitation greet them (agency name, account display name). */
  name: string;
  accountId?: string;
}

/** Where addresses come from: agencies' contact addresses and the accounts' e-mails. */
export abstract class RecipientDirectory {
  /** Each agency's `contactEmail`, where it has one. */
  abstract agencyContacts(codes: string[]): Promise<(Recipient & { agencyCode: string })[]>;
  /** Active accounts with an e-mail and the officer role acting for one of `codes`. */
  abstract officersOf(codes: string[]): Promise<(Recipient & { agencyCodes: string[] })[]>;
  /** Active coordinator accounts with an e-mail. */
  abstract coordinators(): Promise<Recipient[]>;
}

/** One entry per address (case-insensitive), the first one met kept. */
export function uniqueByAddress<T extends Recipient>(recipients: readonly T[]): T[] {
  const seen = new Set<string>();
  return recipients.filter((r) => {
    const key = r.email.trim().toLowerCase();
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
