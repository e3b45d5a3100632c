// In-memory fakes of the preview ports, for unit specs.
import { foldForMatch } from '../../../domain/vietnamese-text';
import {
  ImportMappingRepository,
  ImportPreview,
  ImportPreviewRepository,
  MappingKind,
  PreviewRowRecord,
} from '../preview/import-preview';

export class FakeImportPreviewRepository extends ImportPreviewRepository {
  readonly previews = new Map<string, ImportPreview>();

  async save(p: ImportPreview): Promise<void> {
    this.previews.set(p.id, structuredClone(p));
  }
  async find(id: string): Promise<ImportPreview | null> {
    const p = this.previews.get(id);
    return p ? structuredClone(p) : null;
  }
  async replaceRow(id: string, row: PreviewRowRecord): Promise<void> {
    const p = this.previews.get(id);
    if (!p) return;
    p.rows = p.rows.map((r) => (r.row === row.row ? structuredClone(row) : r));
  }
  async claimCommit(id: string, at: Date): Promise<boolean> {
    const p = this.previews.get(id);
    if (!p || p.committedAt) return false;
    p.committedAt = at;
    return true;
  }
  async releaseCommit(id: string): Promise<void> {
    const p = this.previews.get(id);
    if (p) delete p.committedAt;
  }
  async dropRows(id: string): Promise<void> {
    const p = this.previews.get(id);
    if (p) p.rows = [];
  }
}

export class FakeImportMappingRepository extends ImportMappingRepository {
  readonly rows: { agencyCode: string; kind: MappingKind; written: string; value: string }[] = [];

  async listFor(agencyCode: string) {
    return this.rows
      .filter((r) => r.agencyCode === agencyCode)
      .map(({ kind, written, value }) => ({ kind, written, value }));
  }
  async remember(agencyCode: string, kind: MappingKind, written: string, value: string) {
    const key = foldForMatch(written);
    const at = this.rows.findIndex(
      (r) => r.agencyCode === agencyCode && r.kind === kind && r.written === key,
    );
    const row = { agencyCode, kind, written: key, value };
    if (at >= 0) this.rows[at] = row;
    else this.rows.push(row);
  }
}
