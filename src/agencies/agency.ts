import { AgencyKind } from '../domain/vocabulary';

export interface Agency {
  code: string;
  name: string;
  kind: AgencyKind;
  /** Legacy data (e.g. district-level bodies, abolished in 2025) stays, marked inactive. */
  active: boolean;
  /** Where the agency takes mail: calendar ORGANIZER, meeting invitations, digests. */
  contactEmail?: string;
  createdAt: Date;
  updatedAt: Date;
}

/** Persistence port: what the agencies feature needs from storage, and nothing more. */
export abstract class AgencyRepository {
  abstract insert(agency: Agency): Promise<Agency>;
  abstract findByCode(code: string): Promise<Agency | null>;
  /** The subset of `codes` that exist, for validating lead/participant agencies in bulk. */
  abstract findByCodes(codes: string[]): Promise<Agency[]>;
  abstract list(filter: { kind?: AgencyKind; active?: boolean }): Promise<Agency[]>;
  abstract update(
    code: string,
    changes: Partial<Pick<Agency, 'name' | 'kind' | 'active' | 'contactEmail' | 'updatedAt'>>,
  ): Promise<Agency | null>;
}
