import { StateConflictError } from '../../common/errors/domain-errors';
import { fieldNameKey } from '../../domain/fields-of-management';
import { FieldRepository, FieldUsage, StoredField } from '../field';

/** Fields in a map by code, unique by code and name key as the collection's indexes are. */
export class FakeFieldRepository extends FieldRepository {
  readonly rows = new Map<string, StoredField>();

  async list(): Promise<StoredField[]> {
    return [...this.rows.values()]
      .sort((a, b) => (a.code < b.code ? -1 : 1))
      .map((f) => structuredClone(f));
  }

  async findByCode(code: string): Promise<StoredField | null> {
    const f = this.rows.get(code);
    return f ? structuredClone(f) : null;
  }

  async insert(field: StoredField): Promise<void> {
    if (this.rows.has(field.code)) throw new StateConflictError('FIELD_EXISTS', field.code);
    this.assertNameFree(field.code, field.vi);
    this.rows.set(field.code, structuredClone(field));
  }

  async seedIfEmpty(fields: StoredField[]): Promise<number> {
    if (this.rows.size > 0) return 0;
    for (const f of fields) this.rows.set(f.code, structuredClone(f));
    return fields.length;
  }

  async updateIfRevision(
    code: string,
    expectedRevision: number,
    changes: Partial<StoredField>,
  ): Promise<StoredField | null> {
    const f = this.rows.get(code);
    if (!f || f.revision !== expectedRevision) return null;
    if (changes.vi) this.assertNameFree(code, changes.vi);
    const next = { ...f, ...structuredClone(changes), code };
    this.rows.set(code, next);
    return structuredClone(next);
  }

  async removeIfRevision(code: string, expectedRevision: number): Promise<boolean> {
    if (this.rows.get(code)?.revision !== expectedRevision) return false;
    return this.rows.delete(code);
  }

  private assertNameFree(code: string, vi: string): void {
    for (const other of this.rows.values())
      if (other.code !== code && fieldNameKey(other.vi) === fieldNameKey(vi))
        throw new StateConflictError('FIELD_NAME_EXISTS', vi);
  }
}

/** Inspections per field code, as the test sets them. */
export class FakeFieldUsage extends FieldUsage {
  readonly counts = new Map<string, number>();

  async inspectionsUsing(code: string): Promise<number> {
    return this.counts.get(code) ?? 0;
  }
}
