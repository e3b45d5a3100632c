// In-memory fakes of the preview ports, for unit specs.
import { foldForMatch } from '../../../domain/vietnamese-text';
import {
  ImportMappingRepository,
  ImportPreview,
  ImportPreviewHeader,
  ImportPreviewRepository,
  MappingKind,
  PreviewRowKey,
  PreviewRowRecord,
} from '../preview/import-preview';

export class FakeImportPreviewRepository extends ImportPreviewRepository {
  readonly headers = new Map<string, ImportPreviewHeader>();
  /** Chunks of rows per preview id, stored as the repository would (before the header). */
  readonly chunks = new Map<string, PreviewRowRecord[][]>();

  /** A stored preview, header and rows (for assertions). */
  preview(id: string): ImportPreview | undefined {
    const h = this.headers.get(id);
    return h && { ...structuredClone(h), rows: (this.chunks.get(id) ?? []).flat() };
  }

  async saveRows(id: string, index: number, rows: PreviewRowRecord[]): Promise<void> {
    const chunks = this.chunks.get(id) ?? [];
    chunks[index] = structuredClone(rows);
    this.chunks.set(id, chunks);
  }
  async saveHeader(header: ImportPreviewHeader): Promise<void> {
    this.headers.set(header.id, structuredClone(header));
  }
  async findHeader(id: string): Promise<ImportPreviewHeader | null> {
    const h = this.headers.get(id);
    return h ? structuredClone(h) : null;
  }
  async findRow(id: string, row: number): Promise<PreviewRowRecord | null> {
    const r = (this.chunks.get(id) ?? []).flat().find((x) => x.row === row);
    return r ? structuredClone(r) : null;
  }
  async *rowChunks(id: string): AsyncIterable<PreviewRowRecord[]> {
    for (const c of this.chunks.get(id) ?? []) yield structuredClone(c);
  }
  async *rowKeys(id: string): AsyncIterable<PreviewRowKey[]> {
    for (const c of this.chunks.get(id) ?? [])
      yield c.map((r) => ({
        row: r.row,
        errors: structuredClone(r.errors),
        ...(r.reading && {
          reading: {
            idempotencyKey: r.reading.idempotencyKey,
            parentTaxCode: r.reading.parentTaxCode,
          },
        }),
      }));
  }
  async replaceRow(id: string, row: PreviewRowRecord): Promise<void> {
    for (const c of this.chunks.get(id) ?? [])
      for (let i = 0; i < c.length; i++) if (c[i].row === row.row) c[i] = structuredClone(row);
  }
  async claimCommit(id: string, at: Date): Promise<boolean> {
    const p = this.headers.get(id);
    if (!p || p.committedAt) return false;
    p.committedAt = at;
    return true;
  }
  async releaseCommit(id: string): Promise<void> {
    const p = this.headers.get(id);
    if (p) delete p.committedAt;
  }
  async dropRows(id: string): Promise<void> {
    this.chunks.delete(id);
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
