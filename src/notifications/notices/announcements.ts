/**
 * Whether a kiểm tra has been announced to its enterprise (Decree 217/2025: a kiểm tra is
 * announced when it starts, never shown before). The lifecycle feature owns announcements and
 * will provide the real answer; until then no kiểm tra counts as announced.
 */
export abstract class InspectionAnnouncements {
  /** The subset of `inspectionIds` already announced. */
  abstract announcedAmong(inspectionIds: string[]): Promise<Set<string>>;
}

/** The conservative default: nothing is announced, so no kiểm tra is ever notified early. */
export class NothingAnnounced extends InspectionAnnouncements {
  async announcedAmong(): Promise<Set<string>> {
    return new Set();
  }
}
