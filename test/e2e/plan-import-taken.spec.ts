// Issue 15: an import is all its rows or none, even when its writer is cut from the database
// for longer than the outbox's quiet time and then comes back. Two replicas on one real
// database: the other one's sweep takes the silent import and undoes it; the writer, back,
// writes no further batch, removes the one in hand and answers 409 IMPORT_UNDONE.
import { getConnectionToken } from '@nestjs/mongoose';
import type { Connection } from 'mongoose';
import { TouchedParentsSweep } from '../../src/conflicts/touched-parents-sweep';
import { TouchedParentsOutbox } from '../../src/registry/parents-changed';
import { InspectionRepository } from '../../src/registry/inspections/inspection';
import { exportPlanCsv, type PlanExportRow } from '../../src/registry/plan-files/export';
import { PlanImportService } from '../../src/registry/plan-files/plan-import.service';
import { createTestApp, TestApp } from '../support/app';
import { makeTaxCode, seedAgencies } from '../support/factories';

const ROWS: PlanExportRow[] = Array.from({ length: 6 }, (_, n) => ({
  enterpriseName: `Công ty TNHH Thương mại Đồng Khánh số ${n + 1}`,
  taxCode: makeTaxCode(610_000 + n * 53),
  content: 'Kiểm tra việc chấp hành pháp luật về đo lường, chất lượng sản phẩm',
  field: 'measurement',
  type: 'kiem-tra',
  form: 'on-site',
  window: { from: '2026-06-01', to: '2026-06-30' },
}));

describe('an import cut from the database longer than its quiet time', () => {
  let writer: TestApp;
  let other: TestApp;
  let db: Connection['db'];
  beforeAll(async () => {
    writer = await createTestApp('plan_import_taken');
    await seedAgencies(writer.http);
    other = await createTestApp('', {}, { databaseName: writer.databaseName });
    db = writer.app.get<Connection>(getConnectionToken()).db;
  });
  afterAll(async () => {
    await other?.close();
    await writer?.close();
  });

  it('is undone by another replica meanwhile; back, the writer stops, removes its batch and answers 409', async () => {
    writer.app.get(PlanImportService).chunkSize = 2;
    const store = writer.app.get(InspectionRepository);
    const insert = store.insertNewImports.bind(store);
    const outbox = writer.app.get(TouchedParentsOutbox);
    const refresh = outbox.refresh.bind(outbox);
    // The second batch is held, and the writer's heartbeats fail, as with the database lost.
    let batches = 0;
    let cutOff = false;
    let reached!: () => void;
    const there = new Promise<void>((resolve) => (reached = resolve));
    let back!: () => void;
    const returned = new Promise<void>((resolve) => (back = resolve));
    store.insertNewImports = async (chunk) => {
      if (++batches === 2) {
        cutOff = true;
        reached();
        await returned;
        cutOff = false;
      }
      return insert(chunk);
    };
    outbox.refresh = async (id, at) => {
      if (cutOff) throw new Error('connection lost');
      return refresh(id, at);
    };
    try {
      const answer = writer.http
        .post('/plans/import')
        .field('agencyCode', 'SKHCN')
        .field('year', '2026')
        .attach('file', Buffer.from(exportPlanCsv(ROWS)), 'kế-hoạch-đo-lường.csv')
        .then((res) => res);
      await there;
      const [entry] = await db!.collection('touched_parents').find().toArray();
      expect(entry).toMatchObject({ unfinished: { kind: 'plan-import' } });
      const planId = (entry.unfinished as { data: { planId: string } }).data.planId;
      expect(await db!.collection('inspections').countDocuments({ planId })).toBe(2);

      // A minute of silence later, the other replica's sweep takes it and undoes it.
      await db!
        .collection('touched_parents')
        .updateOne({ _id: entry._id }, { $set: { at: new Date(Date.now() - 60_000) } });
      await other.app.get(TouchedParentsSweep).sweep(new Date());
      expect(await db!.collection('inspections').countDocuments({ planId })).toBe(0);
      expect(await db!.collection('touched_parents').findOne({ _id: entry._id })).toMatchObject({
        claimedAt: expect.any(Date),
      });

      back();
      const res = await answer;
      expect([res.status, res.body.code]).toEqual([409, 'IMPORT_UNDONE']);
      // No batch after the one in hand, and nothing of the file kept.
      expect(batches).toBe(2);
      expect(await db!.collection('inspections').countDocuments({ planId })).toBe(0);
      expect(await db!.collection('plans').countDocuments({ _id: planId as never })).toBe(0);
      expect(await db!.collection('touched_parents').countDocuments()).toBe(0);
      const audit = await db!
        .collection('audit_events')
        .find({ entityId: planId, action: { $in: ['imported', 'import-undone'] } })
        .toArray();
      expect(audit.map((a) => [a.action, a.note])).toEqual([
        [
          'import-undone',
          expect.stringMatching(
            /^import of kế-hoạch-đo-lường\.csv by .+ came back after an undo had taken it/,
          ),
        ],
      ]);
    } finally {
      store.insertNewImports = insert;
      outbox.refresh = refresh;
    }
  });

  it('of a claim and its writer’s heartbeat at the same moment, exactly one wins', async () => {
    const outbox = writer.app.get(TouchedParentsOutbox);
    const wins: string[] = [];
    for (let round = 0; round < 20; round++) {
      const id = `race-${round}`;
      await outbox.add({
        id,
        parentTaxCodes: [],
        actor: 'importer',
        at: new Date(Date.now() - 60_000),
        unfinished: { kind: 'plan-import', data: {} },
      });
      const quietBefore = new Date(Date.now() - 30_000);
      const claiming = () => outbox.claim(id, quietBefore, new Date());
      const beating = () => outbox.refresh(id, new Date());
      // Sent together, in either order: the database decides which lands first.
      const [claim, alive] =
        round % 2 === 0
          ? await Promise.all([claiming(), beating()])
          : await Promise.all([beating(), claiming()]).then(([b, c]) => [c, b] as const);
      const claimed = claim !== undefined;
      expect(claimed).toBe(!alive);
      // Once claimed, the writer can settle nothing either.
      expect(await outbox.settle(id)).toBe(!claimed);
      wins.push(claimed ? 'claim' : 'writer');
      await outbox.remove(id);
    }
    expect(wins).toHaveLength(20);
  });
});
