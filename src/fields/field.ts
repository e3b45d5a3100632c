import type { FieldOfManagement } from '../domain/fields-of-management';

/** A field of state management as the province keeps it: codes never change, names may. */
export interface StoredField extends FieldOfManagement {
  aliases: string[];
  /** Inactive: gone from pick lists and the import's guesses; old records still show its name. */
  active: boolean;
  revision: number;
  createdAt: Date;
  updatedAt: Date;
  createdBy: string;
  updatedBy: string;
}

/** What an edit may set; the code is never among it. */
export type FieldChanges = Partial<Omit<StoredField, 'code' | 'createdAt' | 'createdBy'>>;

/** Persistence port of the catalogue: what the fields feature needs from storage, nothing more. */
export abstract class FieldRepository {
  abstract list(): Promise<StoredField[]>;
  abstract findByCode(code: string): Promise<StoredField | null>;
  /** Fails with 409 FIELD_EXISTS (code) or FIELD_NAME_EXISTS (Vietnamese name) when taken. */
  abstract insert(field: StoredField): Promise<void>;
  /** Inserts `fields` only into an empty store; replicas starting together seed once. */
  abstract seedIfEmpty(fields: StoredField[]): Promise<number>;
  /** Lands only on `expectedRevision`; null when the field is gone or changed meanwhile. */
  abstract updateIfRevision(
    code: string,
    expectedRevision: number,
    changes: Partial<StoredField>,
  ): Promise<StoredField | null>;
  abstract removeIfRevision(code: string, expectedRevision: number): Promise<boolean>;
}

/** Whether stored records still name a field (they would lose their label if it went). */
export abstract class FieldUsage {
  abstract inspectionsUsing(code: string): Promise<number>;
}
