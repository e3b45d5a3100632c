import { NotFoundError } from '../common/errors/domain-errors';
import { ListConflictsQuery } from './conflict.dto';
import { conflictWorld, enterprise, inspection, overlapPair, reader, TAX } from './testing/world';

const query = (q: Partial<ListConflictsQuery>) =>
  Object.assign(new ListConflictsQuery(), { page: 1, pageSize: 20, ...q });

async function world() {
  const w = conflictWorld({
    inspections: [
      ...overlapPair({ remoteThanhTra: true }),
      inspection('c', {
        taxCode: TAX.saigonCoop,
        parentTaxCode: TAX.saigonCoop,
        type: 'thanh-tra',
      }),
    ],
    enterprises: [enterprise(TAX.vnpt, true), enterprise(TAX.saigonCoop)],
  });
  await w.detect(TAX.vnpt, TAX.saigonCoop);
  return w;
}

describe('ConflictQueriesService', () => {
  it('lists by enterprise (a branch code finds its parent) with the page asked', async () => {
    const w = await world();
    const page = await w.queries.list(query({ taxCode: `${TAX.vnpt}-001`, pageSize: 1 }), reader());
    expect({ ...page, items: page.items.map((c) => c.ruleId) }).toEqual({
      items: ['nq198.good-complier-remote'],
      total: 2,
      page: 1,
      pageSize: 1,
    });
  });

  it('lists by rule and status', async () => {
    const w = await world();
    const page = await w.queries.list(
      query({ rule: 'nq198.thanh-tra-authority', status: 'open' }),
      reader(),
    );
    expect(page.items.map((c) => [c.taxCode, c.inspectionIds])).toEqual([[TAX.saigonCoop, ['c']]]);
  });

  it('gives an open conflict with the suggestions of the engine, context included', async () => {
    const w = await world();
    const overlap = w.conflicts.all().find((c) => c.ruleId === 'nq198.window-overlap')!;
    const got = await w.queries.get(overlap.id, reader());
    expect(got.id).toBe(overlap.id);
    // A merge would make the joint inspection on-site at a good complier: not offered.
    expect(got.suggestions.map((s) => [s.kind, 'inspectionId' in s && s.inspectionId])).toEqual([
      ['move-to-year', 'b'],
    ]);
  });

  it('gives a decided conflict without suggestions', async () => {
    const w = await world();
    const overlap = w.conflicts.all().find((c) => c.ruleId === 'nq198.window-overlap')!;
    await w.resolution.resolve(
      overlap.id,
      { resolution: 'exempt', legalBasis: 'L', evidence: 'E' },
      'An',
    );
    const reads: string[][] = [];
    w.inspections.findByParents = async (parents) => (reads.push(parents), []);
    const got = await w.queries.get(overlap.id, reader());
    expect([got.status, got.suggestions]).toEqual(['exempted', []]);
    // A decided conflict needs no engine input at all.
    expect(reads).toEqual([]);
  });

  it('gives a page of conflicts of several enterprises each as get does, their records read once', async () => {
    const w = await world();
    const ids = w.conflicts.all().map((c) => c.id);
    expect(new Set(w.conflicts.all().map((c) => c.taxCode)).size).toBe(2);
    const one = await Promise.all(ids.map((id) => w.queries.get(id, reader())));
    expect(one.some((c) => c.suggestions.length > 0)).toBe(true);
    const reads: string[][] = [];
    const findByParents = w.inspections.findByParents.bind(w.inspections);
    w.inspections.findByParents = (parents) => (reads.push(parents), findByParents(parents));
    const many = await w.queries.getMany([...ids, 'nope'], reader());
    expect(many.sort((a, b) => ids.indexOf(a.id) - ids.indexOf(b.id))).toEqual(one);
    expect(reads).toHaveLength(1);
    // An officer's page keeps only the conflicts touching its agency, as get would.
    const officer = await w.queries.getMany(ids, reader(['officer'], ['TTT']));
    expect(officer.map((c) => c.taxCode)).toEqual(
      one.filter((c) => c.agencyCodes.includes('TTT')).map((c) => c.taxCode),
    );
  });

  it('answers not found for an unknown id', async () => {
    const w = await world();
    await expect(w.queries.get('nope', reader())).rejects.toEqual(
      new NotFoundError('Conflict', 'nope'),
    );
  });

  describe('an officer or approver reads only the conflicts touching its agencies', () => {
    const rules = (page: { items: { ruleId: string; agencyCodes: string[] }[]; total: number }) => [
      page.items.map((c) => [c.ruleId, c.agencyCodes]),
      page.total,
    ];

    it('lists those touching any of its agencies, none of the others', async () => {
      const w = await world();
      const page = await w.queries.list(query({}), reader(['officer'], ['STC', 'ttt']));
      expect(rules(page)).toEqual([[['nq198.window-overlap', ['SKHCN', 'TTT']]], 1]);
    });

    it('keeps an asked agency within its own', async () => {
      const w = await world();
      const asked = query({ agencyCode: 'SKHCN' });
      // SKHCN's conflicts, but only the one that touches TTT too.
      expect(rules(await w.queries.list(asked, reader(['approver'], ['TTT'])))).toEqual([
        [['nq198.window-overlap', ['SKHCN', 'TTT']]],
        1,
      ]);
      expect((await w.queries.list(asked, reader(['approver'], ['SKHCN']))).total).toBe(3);
    });

    it('answers not found for a conflict of another agency, as if it did not exist', async () => {
      const w = await world();
      const saigonCoop = w.conflicts.all().find((c) => c.taxCode === TAX.saigonCoop)!;
      await expect(w.queries.get(saigonCoop.id, reader(['officer'], ['TTT']))).rejects.toEqual(
        new NotFoundError('Conflict', saigonCoop.id),
      );
      const got = await w.queries.get(saigonCoop.id, reader(['officer'], ['skhcn']));
      expect(got.id).toBe(saigonCoop.id);
    });

    it('lists nothing for an account of no agency', async () => {
      const w = await world();
      const page = await w.queries.list(query({}), reader(['officer'], []));
      expect([page.items, page.total]).toEqual([[], 0]);
    });

    it.each([['viewer'], ['coordinator'], ['admin']] as const)(
      'lets a %s of no agency read every agency',
      async (role) => {
        const w = await world();
        const page = await w.queries.list(query({}), reader([role], []));
        const saigonCoop = w.conflicts.all().find((c) => c.taxCode === TAX.saigonCoop)!;
        expect([page.total, (await w.queries.get(saigonCoop.id, reader([role]))).id]).toEqual([
          3,
          saigonCoop.id,
        ]);
      },
    );
  });
});
