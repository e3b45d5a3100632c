/**
 * Whether a kiểm tra has been announced to its enterprise (Decree 217/2025: a kiểm tra is
 * announced when it starts, never shown before). The lifecycle feature provides it.
 */
export abstract class InspectionAnnouncements {
  /** The subset of `inspectionIds` already announced. */
  abstract announcedAmong(inspectionIds: string[]): Promise<Set<string>>;
}
