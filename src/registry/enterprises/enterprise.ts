export interface Enterprise {
  /** Normalised tax code: 10 digits, or NNNNNNNNNN-NNN for a dependent unit. */
  taxCode: string;
  /** The 10-digit code the rules count by (equal to taxCode for a parent). */
  parentTaxCode: string;
  isBranch: boolean;
  name: string;
  address?: string;
  /** NQ198: enterprises that comply well are exempt from on-site checks. */
  goodComplier: boolean;
  /** Whether anyone may subscribe to this enterprise's planned inspections without a token. */
  publicFeed: boolean;
  /** Where the enterprise takes mail: the notice that it is named in an approved thanh tra plan. */
  contactEmail?: string;
  createdAt: Date;
  updatedAt: Date;
}

export abstract class EnterpriseRepository {
  /**
   * Creates the enterprise if its tax code is new, never duplicating it (unique index +
   * upsert, so two plans naming one new enterprise at once still make one record).
   * Returns the records as stored.
   */
  abstract ensureExist(
    entries: Array<Pick<Enterprise, 'taxCode' | 'parentTaxCode' | 'isBranch' | 'name' | 'address'>>,
    now: Date,
  ): Promise<void>;
  abstract findByTaxCode(taxCode: string): Promise<Enterprise | null>;
  abstract findByParents(parentTaxCodes: string[]): Promise<Enterprise[]>;
  abstract update(
    taxCode: string,
    changes: Partial<
      Pick<
        Enterprise,
        'name' | 'address' | 'goodComplier' | 'publicFeed' | 'contactEmail' | 'updatedAt'
      >
    >,
  ): Promise<Enterprise | null>;
  abstract search(
    filter: { q?: string; goodComplier?: boolean },
    skip: number,
    limit: number,
  ): Promise<{ items: Enterprise[]; total: number }>;
}
