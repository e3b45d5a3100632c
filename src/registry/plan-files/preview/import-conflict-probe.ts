import { Injectable } from '@nestjs/common';
import type { PlanKind } from '../../../domain/vocabulary';
import type { ResolvedImportRow } from '../plan-import.service';

/** A conflict the previewed rows would open or join; `rows` names them by spreadsheet row. */
export interface PreviewConflict {
  id: string;
  ruleId: string;
  rulebook: { id: string; version: string };
  severity: 'block' | 'warn';
  taxCode: string;
  year: number;
  /** Spreadsheet rows of this file taking part. */
  rows: number[];
  /** Stored inspections taking part. */
  inspectionIds: string[];
  explanation: { vi: string; en: string };
  /** Status of the same conflict if it already exists (the rows would join it), else null. */
  existingStatus: string | null;
}

export type ImportConflictCheck = (
  rows: readonly ResolvedImportRow[],
  meta: { agencyCode: string; year: number; kind: PlanKind },
) => Promise<PreviewConflict[]>;

/**
 * The conflict engine's dry run, offered to the preview without the registry depending on
 * the conflicts feature (which depends on the registry): the engine registers itself here.
 */
@Injectable()
export class ImportConflictProbe {
  private check: ImportConflictCheck | null = null;

  provide(check: ImportConflictCheck): void {
    this.check = check;
  }

  async probe(
    rows: readonly ResolvedImportRow[],
    meta: { agencyCode: string; year: number; kind: PlanKind },
  ): Promise<PreviewConflict[]> {
    return this.check && rows.length > 0 ? this.check(rows, meta) : [];
  }
}
