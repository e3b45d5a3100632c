// The plan-file corpus over real HTTP: every file of test/fixtures/plan-files/corpus.ts goes
// through POST /plans/import/preview and its reading is compared field by field with the
// truth the generator wrote it from. A certain reading must equal the truth; a reading the
// case marks as a guess must be listed in `guesses` (and still be taken as the truth).
import type { Response } from 'supertest';
import { CORPUS, CORPUS_AGENCIES, YEAR, type CorpusCase } from '../fixtures/plan-files/corpus';
import { createTestApp, TestApp } from '../support/app';
import { seedAgencies } from '../support/factories';

interface PreviewRow {
  row: number;
  continuationRows: number[];
  enterprise: { name: string | null; taxCode: string | null };
  taxCode: string | null;
  type: string | null;
  form: string | null;
  field: string | null;
  content: string | null;
  window: { from: string; to: string } | null;
  agencies: { lead: string | null; participants: string[] };
  guesses: { field: string; read: string; takenAs: string; why: string; whyVi: string }[];
  errors: { code: string }[];
}

function preview(t: TestApp, c: CorpusCase, file: Buffer): Promise<Response> {
  let req = t.http
    .post('/plans/import/preview')
    .field('agencyCode', c.agencyCode ?? 'SCT')
    .field('year', String(YEAR));
  if (c.upload?.type) req = req.field('type', c.upload.type);
  return req.attach('file', file, c.file);
}

describe('plan-file corpus through POST /plans/import/preview', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp('plan-file-corpus');
    await seedAgencies(t.http, [...CORPUS_AGENCIES]);
  });
  afterAll(() => t.close());

  it('has at least 40 files', () => {
    expect(CORPUS.length).toBeGreaterThanOrEqual(40);
  });

  it.each(CORPUS.map((c) => [c.file, c] as const))('%s', async (_name, c) => {
    const res = await preview(t, c, await c.build());
    if (c.refused) {
      expect(res.status).toBe(c.refused.status);
      const details = res.status === 201 ? res.body.fileErrors : res.body.details;
      expect(res.body.code ?? '').toBe(c.refused.code);
      expect(details).toEqual([expect.objectContaining({ code: c.refused.detailCode })]);
      for (const part of c.refused.messageIncludes) {
        expect(details[0].message).toContain(part);
        expect(details[0].messageVi).toContain(part);
      }
      if (res.status === 201) expect(res.body.rows).toEqual([]);
      return;
    }
    expect(res.status).toBe(201);
    expect(res.body.fileErrors).toEqual([]);
    if (c.sheet) expect(res.body.sheet).toBe(c.sheet);
    expect(res.body.convertedFrom).toBe(c.convertedFrom ?? null);

    const rows = res.body.rows as PreviewRow[];
    const clean = rows.filter((r) => r.errors.length === 0);
    // Exactly the truth's rows, in file order: none split, none dropped, none invented.
    expect(clean.map((r) => r.taxCode)).toEqual(c.rows!.map((x) => x.taxCode));
    for (const [i, truth] of c.rows!.entries()) {
      const r = clean[i];
      const where = `${c.file} row ${r.row}`;
      const got = {
        where,
        name: r.enterprise.name,
        type: r.type,
        form: r.form,
        field: r.field,
        window: r.window,
        lead: r.agencies.lead,
        participants: r.agencies.participants,
        guessed: r.guesses.map((g) => g.field).sort(),
        ...(truth.content !== undefined && { content: r.content }),
        ...(truth.continuationRows && { continuationRows: r.continuationRows }),
      };
      expect(got).toEqual({
        where,
        name: truth.name,
        type: truth.type,
        form: truth.form,
        field: truth.field,
        window: { from: truth.window[0], to: truth.window[1] },
        lead: truth.lead ?? c.agencyCode ?? 'SCT',
        participants: truth.participants ?? [],
        guessed: [...(truth.guessed ?? [])].sort(),
        ...(truth.content !== undefined && { content: truth.content }),
        ...(truth.continuationRows && { continuationRows: truth.continuationRows }),
      });
      // Every guess says what was read, what it was taken as and why, in both languages.
      for (const g of r.guesses) {
        expect(g.why).not.toBe('');
        expect(g.whyVi).not.toBe('');
        expect(typeof g.takenAs).toBe('string');
      }
    }
    const failing = rows.filter((r) => r.errors.length > 0);
    expect(
      failing.map((r) => ({ taxCode: r.taxCode, codes: r.errors.map((e) => e.code) })),
    ).toEqual(c.rowErrors ?? []);
    expect(res.body.summary).toEqual({
      rows: rows.length,
      certain: clean.filter((r) => r.guesses.length === 0).length,
      withGuesses: clean.filter((r) => r.guesses.length > 0).length,
      withErrors: failing.length,
    });
  });
});
