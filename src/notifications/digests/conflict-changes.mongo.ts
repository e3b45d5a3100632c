import { Injectable } from '@nestjs/common';
import { InjectConnection } from '@nestjs/mongoose';
import type { Connection } from 'mongoose';
import type { Conflict } from '../../conflicts/conflict';
import { CHANGE_OF_ACTION, ConflictChange, ConflictChangesSource } from './conflict-changes';

type Row = Omit<Conflict, 'id'> & { _id: string };

/**
 * The conflicts collection read directly (the conflicts feature answers by status, not by
 * change time): every change of status bumps `updatedAt` and appends to `history` in the same
 * write, so the digest sees exactly what was stored. Served by the updatedAt indexes of
 * src/conflicts/conflict.mongo.ts.
 */
@Injectable()
export class MongoConflictChangesSource extends ConflictChangesSource {
  constructor(@InjectConnection() private readonly connection: Connection) {
    super();
  }

  async between(from: Date, to: Date, agencyCode?: string): Promise<ConflictChange[]> {
    const q: Record<string, unknown> = { updatedAt: { $gte: from } };
    if (agencyCode) q.agencyCodes = agencyCode;
    const changes: ConflictChange[] = [];
    const cursor = this.connection.collection<Row>('conflicts').find(q as never, {
      projection: {
        ruleId: 1,
        family: 1,
        taxCode: 1,
        enterpriseName: 1,
        year: 1,
        agencyCodes: 1,
        explanation: 1,
        status: 1,
        resolution: 1,
        history: 1,
      },
    });
    for await (const c of cursor) {
      const last = new Map<string, ConflictChange>();
      for (const h of c.history ?? []) {
        const kind = CHANGE_OF_ACTION[h.action];
        const at = new Date(h.at);
        if (!kind || at < from || at >= to) continue;
        last.set(kind, {
          kind,
          at,
          conflictId: String(c._id),
          ruleId: c.ruleId,
          family: c.family,
          taxCode: c.taxCode,
          ...(c.enterpriseName && { enterpriseName: c.enterpriseName }),
          year: c.year,
          agencyCodes: c.agencyCodes,
          explanation: c.explanation,
          ...(kind === 'decided' && {
            decision: {
              status: h.action,
              ...(c.resolution?.kind && { kind: c.resolution.kind }),
              ...(c.resolution?.meetingId && { meetingId: c.resolution.meetingId }),
            },
          }),
        });
      }
      changes.push(...last.values());
    }
    return changes.sort(
      (a, b) => a.at.getTime() - b.at.getTime() || (a.conflictId < b.conflictId ? -1 : 1),
    );
  }
}
