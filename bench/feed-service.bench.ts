// Calendar feeds through the service: the first (cold) render of an agency feed holding N
// events, what a client's poll costs once nothing changed (the 304 path), and a poll after
// each write to another agency's inspection (kept: the feed's scope did not change) or to
// one of its own (rendered again), p50/p95.
import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { AgencyRepository } from '../src/agencies/agency';
import { addDays, fromEpochDay, toEpochDay } from '../src/domain/calendar-day';
import { FeedsService } from '../src/feeds/feeds.service';
import { Inspection, InspectionRepository } from '../src/registry/inspections/inspection';
import { adminBearer, percentile, startBenchApp } from './support/bench-app';

const ADMIN = { username: 'bench-admin', password: 'a long bench password 2026' };

const SIZES = (process.env.BENCH_FEED_SIZES ?? '1000,10000').split(',').map(Number);

async function main() {
  Object.assign(process.env, {
    ADMIN_USERNAME: ADMIN.username,
    ADMIN_PASSWORD: ADMIN.password,
    TOKEN_RATE_LIMIT: '1000000',
  });
  for (const size of SIZES) {
    const bench = await startBenchApp(`feeds${size}`);
    const { app } = bench;
    const now = new Date();
    await app.get(AgencyRepository).insert({
      code: 'SKHCN',
      name: 'Sở Khoa học và Công nghệ',
      kind: 'specialised',
      active: true,
      createdAt: now,
      updatedAt: now,
    });
    // Windows from two months ago over the next year: all inside the feed's default range.
    const today = new Date().toISOString().slice(0, 10);
    const year = Number(today.slice(0, 4));
    const start = toEpochDay(today) - 60;
    const docs: Inspection[] = Array.from({ length: size }, (_, i) => {
      const from = fromEpochDay(start + (i % 360));
      return {
        id: randomUUID(),
        planId: 'p',
        planKind: 'annual',
        planStatus: 'approved',
        planDecision: { number: '12/QĐ-SKHCN', date: `${year - 1}-12-20` },
        agencyCode: 'SKHCN',
        year,
        taxCode: String(1_000_000_000 + i),
        parentTaxCode: String(1_000_000_000 + i),
        enterpriseName: `Công ty TNHH Thương mại Dịch vụ Đo lường Số ${i}`,
        type: 'kiem-tra',
        form: 'on-site',
        field: 'measurement',
        content: 'Kiểm tra việc chấp hành pháp luật về đo lường đối với phương tiện đo nhóm 2',
        window: { from, to: addDays(from, 10) },
        leadAgencyCode: 'SKHCN',
        participantAgencyCodes: [],
        state: 'planned',
        revision: 1,
        createdAt: now,
        updatedAt: now,
        createdBy: 'bench',
        updatedBy: 'bench',
      };
    });
    for (let i = 0; i < docs.length; i += 5000)
      await app.get(InspectionRepository).insertMany(docs.slice(i, i + 5000));

    const http = request(app.getHttpServer());
    const { authorization } = await adminBearer(http, ADMIN);
    const feed = (
      await http
        .post('/feeds')
        .set({ authorization })
        .send({ scope: 'agency', ref: 'SKHCN' })
        .expect(201)
    ).body;
    const path = new URL(feed.url).pathname;
    const t0 = process.hrtime.bigint();
    // Identity bytes: supertest asks for gzip, whose representation has its own ETag.
    const first = await http.get(path).set('accept-encoding', 'identity').expect(200);
    const coldMs = Number(process.hrtime.bigint() - t0) / 1e6;

    const service = app.get(FeedsService);
    const serviceSide: number[] = [];
    const overHttp: number[] = [];
    for (let i = 0; i < 200; i++) {
      const s0 = process.hrtime.bigint();
      const served = await service.serveByToken(feed.token);
      if (served?.rendered.etag !== first.headers.etag)
        throw new Error('feed changed while nothing was written');
      serviceSide.push(Number(process.hrtime.bigint() - s0) / 1e6);
      const h0 = process.hrtime.bigint();
      await http
        .get(path)
        .set({ 'accept-encoding': 'identity', 'if-none-match': first.headers.etag })
        .expect(304);
      overHttp.push(Number(process.hrtime.bigint() - h0) / 1e6);
    }
    serviceSide.sort((a, b) => a - b);
    overHttp.sort((a, b) => a - b);

    // Writes between polls: another agency's inspection, then one of the feed's own.
    await app.get(AgencyRepository).insert({
      code: 'SYT',
      name: 'Sở Y tế',
      kind: 'specialised',
      active: true,
      createdAt: now,
      updatedAt: now,
    });
    const elsewhere: Inspection = {
      ...docs[0],
      id: randomUUID(),
      agencyCode: 'SYT',
      leadAgencyCode: 'SYT',
      taxCode: '0100109106',
      parentTaxCode: '0100109106',
    };
    const inspections = app.get(InspectionRepository);
    await inspections.insertMany([elsewhere]);
    const pollsAfter = async (target: Inspection, writes: number) => {
      const times: number[] = [];
      for (let i = 0, revision = target.revision; i < writes; i++, revision++) {
        await inspections.updateIfRevision(target.id, revision, {
          notes: `ghi chú ${i}`,
          revision: revision + 1,
        });
        const s0 = process.hrtime.bigint();
        await service.serveByToken(feed.token);
        times.push(Number(process.hrtime.bigint() - s0) / 1e6);
      }
      return times.sort((a, b) => a - b);
    };
    const afterOther = await pollsAfter(elsewhere, 50);
    const afterOwn = await pollsAfter(docs[1], 10);
    const p = (t: number[]) =>
      `p50 ${percentile(t, 50).toFixed(1)} ms p95 ${percentile(t, 95).toFixed(1)} ms`;
    console.log(
      `${size} events: poll after another agency's write ${p(afterOther)}; after one of its own ${p(afterOwn)}`,
    );
    console.log(
      `${size} events (${bench.backend}): cold render + read ${coldMs.toFixed(0)} ms, ${(first.text.length / 1024).toFixed(0)} KiB; ` +
        `304 service-side p50 ${percentile(serviceSide, 50).toFixed(2)} ms p95 ${percentile(serviceSide, 95).toFixed(2)} ms; ` +
        `304 over HTTP (loopback, incl. client) p50 ${percentile(overHttp, 50).toFixed(2)} ms p95 ${percentile(overHttp, 95).toFixed(2)} ms`,
    );
    await bench.close();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
