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

/** Enterprises (by parent tax code) whose inspections were written. */
export interface ParentsChanged {
  parentTaxCodes: string[];
  actor: string;
}

export type ParentsChangedListener = (change: ParentsChanged) => Promise<ConflictDigest[]>;

/**
 * The registry announces writes here; the conflict engine listens and re-checks the touched
 * enterprises (insert, then check: two agencies saving one enterprise at once still meet).
 * It keeps the registry free of any dependency on the conflicts feature.
 */
@Injectable()
export class ParentsChangedBus {
  private readonly listeners: ParentsChangedListener[] = [];

  subscribe(listener: ParentsChangedListener): void {
    this.listeners.push(listener);
  }

  async publish(change: ParentsChanged): Promise<ConflictDigest[]> {
    if (change.parentTaxCodes.length === 0) return [];
    const results = await Promise.all(this.listeners.map((l) => l(change)));
    return results.flat();
  }
}
