// An import writes many inspections, in batches. Before the first one, the "touched parents"
// outbox keeps what undoes it (an unfinished write of kind 'plan-import'): the plan, whether
// the import made it, what the import changes of it, and the ids of every inspection it will
// write, made up front. The import settles the entry once whole; an entry left unsettled (the
// process killed, the database lost midway) is undone at the next start or sweep, then its
// parents' conflicts are checked again: a plan never keeps half a file.

export const UNFINISHED_IMPORT = 'plan-import';

export interface UnfinishedImport {
  planId: string;
  /** The import made the plan (a draft): undone, the plan goes too. */
  planCreated: boolean;
  /** What the import changes of a plan it did not make (its stamp), to put back. */
  planBefore?: { updatedAt: string; updatedBy: string };
  /** The plan's stamp once imported (ISO): put back only if nobody changed it since. */
  touchedAt: string;
  /** Every inspection the import writes (those already present are not among them). */
  inspectionIds: string[];
  /** The preview the import commits: open for a commit again once the import is undone. */
  previewId?: string;
  filename?: string;
}

/** An import's writer says it is alive this often... */
export const IMPORT_HEARTBEAT_MS = 5_000;
/** ...so an entry quiet for longer is a writer gone (killed, or cut from the database). */
export const IMPORT_QUIET_MS = 30_000;

/** The one write an undo needs beyond the registry's ports: removing the draft it made. */
export abstract class ImportUndoStore {
  /** Deletes the plan if it is still a draft; answers whether it did. */
  abstract deleteDraftPlan(planId: string): Promise<boolean>;
}

export function undoneNote(
  u: UnfinishedImport,
  actor: string,
  planDeleted: boolean,
  why: string,
): string {
  const file = u.filename ? ` of ${u.filename.normalize('NFC')}` : '';
  return (
    `import${file} by ${actor} ${why}, undone: what it wrote of its ${u.inspectionIds.length} inspections removed` +
    (planDeleted ? ', the draft plan it made removed' : '')
  );
}
