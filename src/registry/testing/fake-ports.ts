// The registry services' other ports: the field catalog, and a change bus whose listener
// records what was announced. (Clock, audit trail and agencies have their fakes beside their
// own features: src/common/testing, src/audit/testing, src/agencies/testing.)
import type { AppConfig } from '../../config/app-config';
import { FieldCatalog } from '../../fields/field-catalog';
import { ConflictDigest, ParentsChanged, ParentsChangedBus } from '../parents-changed';

/** The deployment's built-in fields of state management. */
export function builtInFields(): FieldCatalog {
  return new FieldCatalog({} as AppConfig);
}

/** The real bus with one listener that records each announcement and answers `digests`. */
export function recordingBus(): {
  bus: ParentsChangedBus;
  announced: ParentsChanged[];
  answer(digests: ConflictDigest[] | (() => ConflictDigest[])): void;
} {
  const bus = new ParentsChangedBus();
  const announced: ParentsChanged[] = [];
  let digests: () => ConflictDigest[] = () => [];
  bus.subscribe(async (change) => {
    announced.push(structuredClone(change));
    return digests();
  });
  return {
    bus,
    announced,
    answer: (d) => (digests = typeof d === 'function' ? d : () => d),
  };
}

export function digest(id: string, inspectionIds: string[]): ConflictDigest {
  return {
    id,
    ruleId: 'CT20-ONCE-A-YEAR',
    rulebook: 'ct20',
    severity: 'block',
    status: 'open',
    taxCode: '0100109106',
    year: 2026,
    inspectionIds,
    explanation: { vi: 'Chồng chéo', en: 'Overlap' },
  };
}
