import { Injectable } from '@nestjs/common';
import { InjectConnection } from '@nestjs/mongoose';
import type { Connection } from 'mongoose';
import { AgencyRepository } from '../../agencies/agency';
import type { Inspection } from '../../registry/inspections/inspection';
import { NoticeCandidate, PlannedInspectionsSource } from './planned-inspections';

type Row = Omit<Inspection, 'id'> & { _id: string };
const BATCH = 1_000;

/**
 * Inspections carry their plan's kind and status, so one query on the inspections (served by
 * their { year, agencyCode, window.from } index) finds those of approved annual plans; the
 * enterprises' contact addresses are then read per batch by tax code (their unique index).
 */
@Injectable()
export class MongoPlannedInspectionsSource extends PlannedInspectionsSource {
  constructor(
    @InjectConnection() private readonly connection: Connection,
    private readonly agencies: AgencyRepository,
  ) {
    super();
  }

  async *approvedAnnual(years: number[]): AsyncIterable<NoticeCandidate> {
    const names = new Map((await this.agencies.list({})).map((a) => [a.code, a.name]));
    const cursor = this.connection
      .collection<Row>('inspections')
      .find(
        {
          year: { $in: years },
          planKind: 'annual',
          planStatus: 'approved',
          state: { $nin: ['cancelled', 'merged'] },
        } as never,
        {
          projection: {
            type: 1,
            form: 1,
            year: 1,
            taxCode: 1,
            enterpriseName: 1,
            leadAgencyCode: 1,
            content: 1,
            window: 1,
            planDecision: 1,
          },
        },
      )
      .sort({ _id: 1 })
      .batchSize(BATCH);
    let batch: Row[] = [];
    const flush = async function* (this: MongoPlannedInspectionsSource) {
      const contacts = await this.contactsOf([...new Set(batch.map((r) => r.taxCode))]);
      for (const r of batch) {
        const contactEmail = contacts.get(r.taxCode);
        if (!contactEmail) continue;
        yield {
          inspectionId: String(r._id),
          type: r.type,
          form: r.form,
          year: r.year,
          taxCode: r.taxCode,
          enterpriseName: r.enterpriseName,
          contactEmail,
          leadAgencyCode: r.leadAgencyCode,
          leadAgencyName: names.get(r.leadAgencyCode) ?? r.leadAgencyCode,
          content: r.content,
          window: r.window,
          ...(r.planDecision && { decision: r.planDecision }),
        } satisfies NoticeCandidate;
      }
      batch = [];
    }.bind(this);
    for await (const row of cursor) {
      batch.push(row as Row);
      if (batch.length === BATCH) yield* flush();
    }
    if (batch.length) yield* flush();
  }

  private async contactsOf(taxCodes: string[]): Promise<Map<string, string>> {
    const rows = await this.connection
      .collection<{ taxCode: string; contactEmail?: string }>('enterprises')
      .find(
        { taxCode: { $in: taxCodes }, contactEmail: { $type: 'string', $ne: '' } },
        { projection: { taxCode: 1, contactEmail: 1 } },
      )
      .toArray();
    return new Map(rows.map((r) => [r.taxCode, r.contactEmail!]));
  }
}
