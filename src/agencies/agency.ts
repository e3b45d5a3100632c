import { AgencyKind } from '../domain/vocabulary';
import type { AgencyLevel } from './succession';

export interface Agency {
  code: string;
  name: string;
  kind: AgencyKind;
  /** Legacy data (e.g. district-level bodies, abolished in 2025) stays, marked inactive. */
  active: boolean;
  /** Where the agency takes mail: calendar ORGANIZER, meeting invitations, digests. */
  contactEmail?: string;
  /** Province code (see administrative-geography.ts) or 'central' for a ministry's unit. */
  province?: string;
  /** central | province | commune (district: legacy). Absent: province. */
  level?: AgencyLevel;
  /** First and last day the agency existed as such (2025 reorganisation). */
  validFrom?: string;
  validTo?: string;
  /** The agency that took over its plans, inspections and open follow-ups. */
  successorCode?: string;
  /** Bumped by every edit; absent on records from before it counts as 0. */
  revision?: number;
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
    changes: Partial<
      Pick<
        Agency,
        | 'name'
        | 'kind'
        | 'active'
        | 'contactEmail'
        | 'province'
        | 'level'
        | 'validFrom'
        | 'validTo'
        | 'successorCode'
        | 'updatedAt'
      >
    >,
    /** When given, the update lands only on this revision (absent on the record = 0). */
    expectedRevision?: number,
  ): Promise<Agency | null>;
}
