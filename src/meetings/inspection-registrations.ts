import type { InspectionRegistration } from '../lifecycle/registration-code';

export type { InspectionRegistration };

/**
 * Registrations of the approved inspections among `inspectionIds` (others are left out).
 * The lifecycle feature issues the codes; without it the minutes print none.
 */
export abstract class InspectionRegistrations {
  abstract of(inspectionIds: string[]): Promise<InspectionRegistration[]>;
}
