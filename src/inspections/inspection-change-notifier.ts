import { Injectable } from '@nestjs/common';
import { LocalizedMessage } from '../domain/localized-message';

/** What a plan officer sees right after a write: the conflicts now touching the inspections. */
export interface ConflictDigest {
  id: string;
  ruleId: string;
  rulebook: string;
  severity: 'block' | 'warn';
  status: string;
  taxCode: string;
  year: number;
  inspectionIds: string[];
  explanation: LocalizedMessage;
}

export interface InspectionsChanged {
  parentTaxCodes: string[];
  actor: string;
}

export type InspectionsChangedListener = (change: InspectionsChanged) => Promise<ConflictDigest[]>;

/**
 * The registry announces writes here; the conflict engine listens and re-checks the touched
 * enterprises (insert, then check: two agencies saving one enterprise at once still meet).
 * It keeps the registry free of any dependency on the conflicts feature.
 */
@Injectable()
export class InspectionChangeNotifier {
  private readonly listeners: InspectionsChangedListener[] = [];

  subscribe(listener: InspectionsChangedListener): void {
    this.listeners.push(listener);
  }

  async changed(change: InspectionsChanged): Promise<ConflictDigest[]> {
    if (change.parentTaxCodes.length === 0) return [];
    const results = await Promise.all(this.listeners.map((l) => l(change)));
    return results.flat();
  }
}
