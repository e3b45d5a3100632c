// Hostile input, table-driven: every case is a request the service must refuse with a clean
// 4xx and a stable code, and the stored data (every collection a request could write, as one
// digest) must be exactly the same after the whole table as before it.
import { createHash } from 'node:crypto';
import { Db, MongoClient } from 'mongodb';
import { createTestApp, TestApp } from '../support/app';
import { testMongoUri } from '../support/database';
import {
  addInspection,
  createPlan,
  inspectionInput,
  seedAgencies,
  TAX,
} from '../support/factories';

type Method = 'get' | 'post' | 'patch';

interface Case {
  name: string;
  method: Method;
  path: string;
  /** A JSON value (sent as JSON), or raw text with its content type. */
  body?: unknown;
  raw?: { type: string; text: string };
  status: number;
  code: string;
  /** A field the answer must name in details (VALIDATION_FAILED). */
  field?: string;
  /** The code of that field's detail, when it is not the constraint's own. */
  detail?: string;
}

/** Collections every request writes whatever it is: token use counters, token last use. */
const PER_REQUEST = ['sign_in_attempts', 'access_tokens', 'sessions'];

/** A digest of every collection's documents, by collection (so a failure says which). */
async function digest(db: Db): Promise<Record<string, string>> {
  const digests: Record<string, string> = {};
  const names = (await db.listCollections().toArray()).map((c) => c.name).sort();
  for (const name of names) {
    if (PER_REQUEST.includes(name)) continue;
    // Their version numbers (data_versions) move with them.
    const filter = name === 'data_versions' ? { _id: { $nin: PER_REQUEST } } : {};
    const docs = await db
      .collection<{ _id: unknown }>(name)
      .find(filter as never)
      .sort({ _id: 1 })
      .toArray();
    digests[name] =
      `${docs.length}:${createHash('sha256').update(JSON.stringify(docs)).digest('hex')}`;
  }
  return digests;
}

const nested = (depth: number) => '{"a":'.repeat(depth) + '1' + '}'.repeat(depth);
const nestedArray = (depth: number) => '['.repeat(depth) + ']'.repeat(depth);
const formNested = (depth: number) => `a${'[a]'.repeat(depth)}=1`;
const formMany = (n: number) => Array.from({ length: n }, (_, i) => `p${i}=1`).join('&');

/** Values that are not one object, for properties that must hold one. */
const NOT_AN_OBJECT: [string, (valid: object) => unknown][] = [
  ['[]', () => []],
  ['[{…}]', (valid) => [valid]],
  ['[[]]', () => [[]]],
  ['a string', () => 'x'],
  ['a number', () => 7],
  ['true', () => true],
];

describe('hostile input (e2e)', () => {
  let t: TestApp;
  let client: MongoClient;
  let db: Db;
  let planId: string;
  let inspectionId: string;
  let meetingId: string;
  const cases: Case[] = [];

  const WINDOW = { from: '2026-03-01', to: '2026-03-31' };
  const DECISION = { number: '12/QĐ-SKHCN', date: '2025-12-15' };
  const MEETING = {
    title: 'Họp phối hợp',
    start: '2026-01-15T08:00:00+07:00',
    end: '2026-01-15T11:30:00+07:00',
    place: 'Phòng họp số 2',
    chair: 'Nguyễn Văn An',
    agencyCodes: ['TTT', 'SKHCN'],
    scope: { year: 2026 },
  };
  const candidate = (overrides: Record<string, unknown> = {}) => ({
    ...inspectionInput(),
    agencyCode: 'SKHCN',
    ...overrides,
  });

  beforeAll(async () => {
    t = await createTestApp('hostile-input');
    await seedAgencies(t.http);
    planId = (await createPlan(t.http)).id;
    inspectionId = (await addInspection(t.http, planId)).id;
    await addInspection(t.http, planId, {
      taxCode: TAX.vnpt,
      type: 'thanh-tra',
      window: { from: '2026-03-10', to: '2026-03-20' },
    });
    meetingId = (await t.http.post('/meetings').send(MEETING).expect(201)).body.id;
    client = await MongoClient.connect(testMongoUri());
    db = client.db(t.databaseName);
  });
  afterAll(async () => {
    await client?.close();
    await t?.close();
  });

  // --- The table. Paths use placeholders filled in once the fixtures exist.
  const P = ':plan';
  const I = ':inspection';
  const M = ':meeting';
  const C = '000000000000000000000000';

  /** Where an object is expected, and how to build a body around a bad value there. */
  const OBJECT_SLOTS: {
    where: string;
    method: Method;
    path: string;
    field: string;
    valid: object;
    body: (bad: unknown) => unknown;
  }[] = [
    {
      where: 'new inspection window',
      method: 'post',
      path: `/plans/${P}/inspections`,
      field: 'window',
      valid: WINDOW,
      body: (bad) => inspectionInput({ window: bad }),
    },
    {
      where: 'new inspection adHocScope',
      method: 'post',
      path: `/plans/${P}/inspections`,
      field: 'adHocScope',
      valid: { fields: ['measurement'] },
      body: (bad) => inspectionInput({ adHocScope: bad }),
    },
    {
      where: 'new inspection adHocScope.window',
      method: 'post',
      path: `/plans/${P}/inspections`,
      field: 'adHocScope.window',
      valid: WINDOW,
      body: (bad) => inspectionInput({ adHocScope: { window: bad } }),
    },
    {
      where: 'inspection edit window',
      method: 'patch',
      path: `/inspections/${I}`,
      field: 'window',
      valid: WINDOW,
      body: (bad) => ({ revision: 1, window: bad }),
    },
    {
      where: 'inspection edit adHocScope.window',
      method: 'patch',
      path: `/inspections/${I}`,
      field: 'adHocScope.window',
      valid: WINDOW,
      body: (bad) => ({ revision: 1, adHocScope: { window: bad } }),
    },
    {
      where: 'new plan decision',
      method: 'post',
      path: '/plans',
      field: 'decision',
      valid: DECISION,
      body: (bad) => ({ agencyCode: 'SKHCN', year: 2027, kind: 'annual', decision: bad }),
    },
    {
      where: 'approval decision',
      method: 'post',
      path: `/plans/${P}/approve`,
      field: 'decision',
      valid: DECISION,
      body: (bad) => ({ decision: bad }),
    },
    {
      where: 'meeting scope',
      method: 'post',
      path: '/meetings',
      field: 'scope',
      valid: { year: 2026 },
      body: (bad) => ({ ...MEETING, scope: bad }),
    },
    {
      where: 'dry-run candidate window',
      method: 'post',
      path: '/conflicts/check',
      field: 'inspections.0.window',
      valid: WINDOW,
      body: (bad) => ({ inspections: [candidate({ window: bad })] }),
    },
    {
      where: 'resolution window',
      method: 'post',
      path: `/conflicts/${C}/resolve`,
      field: 'window',
      valid: WINDOW,
      body: (bad) => ({ resolution: 'reschedule', inspectionId: C, window: bad }),
    },
    {
      where: 'meeting decision window',
      method: 'post',
      path: `/meetings/${M}/decisions`,
      field: 'window',
      valid: WINDOW,
      body: (bad) => ({ conflictId: C, resolution: 'reschedule', inspectionId: C, window: bad }),
    },
  ];
  for (const slot of OBJECT_SLOTS)
    for (const [shape, make] of NOT_AN_OBJECT)
      cases.push({
        name: `${slot.where}: ${shape}`,
        method: slot.method,
        path: slot.path,
        body: slot.body(make(slot.valid)),
        status: 400,
        code: 'VALIDATION_FAILED',
        field: slot.field,
      });
  // Elements of an array of objects must be objects.
  for (const [shape, item] of [
    ['[]', []],
    ['"x"', 'x'],
    ['null', null],
    ['5', 5],
  ] as const)
    cases.push({
      name: `dry-run inspections item ${shape}`,
      method: 'post',
      path: '/conflicts/check',
      body: { inspections: [item] },
      status: 400,
      code: 'VALIDATION_FAILED',
      field: 'inspections.0',
    });

  // --- Calendar days: real days in 2000–2100, written YYYY-MM-DD.
  const BAD_DAYS: unknown[] = [
    '2027-02-30',
    '2026-02-29',
    '2026-04-31',
    '0000-01-01',
    '1999-12-31',
    '2101-01-01',
    '9999-12-31',
    '2026-13-01',
    '2026-00-10',
    '2026-1-1',
    '20260301',
    '2026-03-01T00:00:00Z',
    ' 2026-03-01',
    2026,
  ];
  for (const day of BAD_DAYS) {
    cases.push({
      name: `window.from ${JSON.stringify(day)}`,
      method: 'post',
      path: `/plans/${P}/inspections`,
      body: inspectionInput({ window: { from: day, to: '2026-03-31' } }),
      status: 400,
      code: 'VALIDATION_FAILED',
      field: 'window.from',
    });
    cases.push({
      name: `decision.date ${JSON.stringify(day)}`,
      method: 'post',
      path: `/plans/${P}/approve`,
      body: { decision: { number: '1/QĐ', date: day } },
      status: 400,
      code: 'VALIDATION_FAILED',
      field: 'decision.date',
    });
  }
  for (const day of ['2027-02-30', '0000-01-01', 'x', '2026-02-29'])
    cases.push({
      name: `query windowFrom=${day}`,
      method: 'get',
      path: `/inspections?windowFrom=${encodeURIComponent(day)}`,
      status: 400,
      code: 'VALIDATION_FAILED',
      field: 'windowFrom',
    });

  // --- Instants: real, with an offset, in 2000–2100.
  const BAD_INSTANTS: unknown[] = [
    '2027-02-30T08:00:00+07:00',
    '2026-02-29T08:00:00Z',
    '0000-01-15T08:00:00+07:00',
    '2101-01-15T08:00:00+07:00',
    '2026-01-15T24:00:00+07:00',
    '2026-01-15T08:60:00+07:00',
    '2026-01-15T08:00:61+07:00',
    '2026-01-15T08:00:00+25:00',
    '2026-01-15T08:00:00',
    '2026-01-15',
    1768438800000,
    { $date: '2026-01-15T08:00:00Z' },
  ];
  for (const start of BAD_INSTANTS) {
    cases.push({
      name: `meeting start ${JSON.stringify(start)}`,
      method: 'post',
      path: '/meetings',
      body: { ...MEETING, start },
      status: 400,
      code: 'VALIDATION_FAILED',
      field: 'start',
    });
    cases.push({
      name: `meeting edit end ${JSON.stringify(start)}`,
      method: 'patch',
      path: `/meetings/${M}`,
      body: { revision: 1, end: start },
      status: 400,
      code: 'VALIDATION_FAILED',
      field: 'end',
    });
  }

  // --- Every array and string bounded.
  const many = (n: number, f: (i: number) => unknown = (i) => `f${i}`) =>
    Array.from({ length: n }, (_, i) => f(i));
  cases.push(
    {
      name: 'adHocScope.fields 100,000 entries',
      method: 'post',
      path: `/plans/${P}/inspections`,
      body: inspectionInput({ adHocScope: { fields: many(100_000) } }),
      status: 400,
      code: 'VALIDATION_FAILED',
      field: 'adHocScope.fields',
      detail: 'ARRAY_TOO_LONG',
    },
    {
      name: 'adHocScope.fields 201 entries',
      method: 'post',
      path: `/plans/${P}/inspections`,
      body: inspectionInput({ adHocScope: { fields: many(201) } }),
      status: 400,
      code: 'VALIDATION_FAILED',
      field: 'adHocScope.fields',
    },
    {
      name: 'adHocScope.fields entry of 101 characters',
      method: 'post',
      path: `/plans/${P}/inspections`,
      body: inspectionInput({ adHocScope: { fields: ['x'.repeat(101)] } }),
      status: 400,
      code: 'VALIDATION_FAILED',
      field: 'adHocScope.fields',
    },
    {
      name: 'participantAgencyCodes 31 entries',
      method: 'post',
      path: `/plans/${P}/inspections`,
      body: inspectionInput({ participantAgencyCodes: many(31) }),
      status: 400,
      code: 'VALIDATION_FAILED',
      field: 'participantAgencyCodes',
    },
    {
      name: 'content 4,001 characters',
      method: 'post',
      path: `/plans/${P}/inspections`,
      body: inspectionInput({ content: 'đ'.repeat(4001) }),
      status: 400,
      code: 'VALIDATION_FAILED',
      field: 'content',
    },
    {
      name: 'field of 100,000 characters (no MaxLength of its own)',
      method: 'post',
      path: `/plans/${P}/inspections`,
      body: inspectionInput({ field: 'm'.repeat(100_000) }),
      status: 400,
      code: 'VALIDATION_FAILED',
      field: 'field',
      detail: 'STRING_TOO_LONG',
    },
    {
      name: 'leadAgencyCode of 50,000 characters',
      method: 'post',
      path: `/plans/${P}/inspections`,
      body: inspectionInput({ leadAgencyCode: 'A'.repeat(50_000) }),
      status: 400,
      code: 'VALIDATION_FAILED',
      field: 'leadAgencyCode',
      detail: 'STRING_TOO_LONG',
    },
    {
      name: 'unknown field holding 10,000 entries',
      method: 'post',
      path: `/plans/${P}/inspections`,
      body: inspectionInput({ junk: many(10_000, () => 0) }),
      status: 400,
      code: 'VALIDATION_FAILED',
      field: 'junk',
      detail: 'ARRAY_TOO_LONG',
    },
    {
      name: 'meeting scope taxCodes 5,001 entries',
      method: 'post',
      path: '/meetings',
      body: { ...MEETING, scope: { year: 2026, taxCodes: many(5001) } },
      status: 400,
      code: 'VALIDATION_FAILED',
      field: 'scope.taxCodes',
    },
    {
      name: 'meeting attendees 501 entries',
      method: 'post',
      path: '/meetings',
      body: { ...MEETING, attendees: many(501) },
      status: 400,
      code: 'VALIDATION_FAILED',
      field: 'attendees',
    },
    {
      name: 'dry run of 5,001 candidates',
      method: 'post',
      path: '/conflicts/check',
      body: { inspections: many(5001, () => ({})) },
      status: 400,
      code: 'VALIDATION_FAILED',
      field: 'inspections',
      detail: 'ARRAY_TOO_LONG',
    },
    {
      name: 'dry run of no candidates',
      method: 'post',
      path: '/conflicts/check',
      body: { inspections: [] },
      status: 400,
      code: 'VALIDATION_FAILED',
      field: 'inspections',
    },
    {
      name: 'query year given twice (an array)',
      method: 'get',
      path: '/inspections?year=2026&year=2027',
      status: 400,
      code: 'VALIDATION_FAILED',
      field: 'year',
    },
  );

  // --- Nesting depth and parameter counts, bounded before parsing.
  for (const depth of [17, 40, 3_000, 100_000])
    cases.push({
      name: `JSON object nested ${depth} levels`,
      method: 'post',
      path: `/plans/${P}/inspections`,
      raw: { type: 'application/json', text: nested(depth) },
      status: 400,
      code: 'TOO_DEEP',
    });
  for (const depth of [17, 3_000, 100_000])
    cases.push({
      name: `JSON array nested ${depth} levels`,
      method: 'post',
      path: '/conflicts/check',
      raw: { type: 'application/json', text: nestedArray(depth) },
      status: 400,
      code: 'TOO_DEEP',
    });
  cases.push(
    {
      name: 'JSON nested 3,000 levels inside a valid field',
      method: 'post',
      path: `/plans/${P}/inspections`,
      raw: {
        type: 'application/json',
        text: JSON.stringify(inspectionInput()).replace(/}$/, `,"notes":${nested(3000)}}`),
      },
      status: 400,
      code: 'TOO_DEEP',
    },
    {
      name: 'JSON with brackets inside strings is not deep',
      method: 'post',
      path: `/plans/${P}/inspections`,
      raw: {
        type: 'application/json',
        text: JSON.stringify(inspectionInput({ window: '{'.repeat(500) + '\\"[' })),
      },
      status: 400,
      code: 'VALIDATION_FAILED',
    },
  );
  for (const depth of [6, 40])
    cases.push({
      name: `form body nested ${depth} levels`,
      method: 'post',
      path: `/plans/${P}/inspections`,
      raw: { type: 'application/x-www-form-urlencoded', text: formNested(depth) },
      status: 400,
      code: 'TOO_DEEP',
    });
  for (const n of [201, 1_001, 20_000])
    cases.push({
      name: `form body of ${n} parameters`,
      method: 'post',
      path: `/plans/${P}/inspections`,
      raw: { type: 'application/x-www-form-urlencoded', text: formMany(n) },
      status: 413,
      code: 'TOO_MANY_PARAMETERS',
    });
  cases.push(
    {
      name: 'form body window[0][from] (an array by form)',
      method: 'post',
      path: `/plans/${P}/inspections`,
      raw: {
        type: 'application/x-www-form-urlencoded',
        text: new URLSearchParams({
          taxCode: TAX.vnpt,
          type: 'kiem-tra',
          form: 'on-site',
          field: 'measurement',
          content: 'Kiểm tra',
          'window[0][from]': '2026-03-01',
          'window[0][to]': '2026-03-31',
        }).toString(),
      },
      status: 400,
      code: 'VALIDATION_FAILED',
      field: 'window',
    },
    {
      name: 'malformed JSON',
      method: 'post',
      path: `/plans/${P}/inspections`,
      raw: { type: 'application/json', text: '{"window": {' },
      status: 400,
      code: 'MALFORMED_JSON',
    },
    {
      name: 'JSON with a lone surrogate-free garbage tail',
      method: 'post',
      path: '/plans',
      raw: { type: 'application/json', text: '{"year": 2026} trailing' },
      status: 400,
      code: 'MALFORMED_JSON',
    },
  );

  // --- Operators and prototypes where values are expected.
  const INJECTIONS: [string, unknown][] = [
    ['{$gt: ""}', { $gt: '' }],
    ['{$ne: null}', { $ne: null }],
    ['{$where}', { $where: 'sleep(1000)' }],
    ['[$ne]', ['$ne', null]],
  ];
  for (const [label, value] of INJECTIONS) {
    cases.push({
      name: `taxCode ${label}`,
      method: 'post',
      path: `/plans/${P}/inspections`,
      body: inspectionInput({ taxCode: value }),
      status: 400,
      code: 'VALIDATION_FAILED',
      field: 'taxCode',
    });
    cases.push({
      name: `plan agencyCode ${label}`,
      method: 'post',
      path: '/plans',
      body: { agencyCode: value, year: 2027, kind: 'annual' },
      status: 400,
      code: 'VALIDATION_FAILED',
      field: 'agencyCode',
    });
    cases.push({
      name: `revision ${label}`,
      method: 'patch',
      path: `/inspections/${I}`,
      body: { revision: value, notes: 'x' },
      status: 400,
      code: 'VALIDATION_FAILED',
      field: 'revision',
    });
  }
  cases.push(
    {
      name: 'query agencyCode[$ne]=x',
      method: 'get',
      path: '/inspections?agencyCode[$ne]=x',
      status: 400,
      code: 'VALIDATION_FAILED',
    },
    {
      name: '__proto__ in a body',
      method: 'post',
      path: `/plans/${P}/inspections`,
      raw: {
        type: 'application/json',
        text: JSON.stringify(inspectionInput()).replace(/}$/, ',"__proto__":{"admin":true}}'),
      },
      status: 400,
      code: 'VALIDATION_FAILED',
    },
    {
      name: 'constructor.prototype in window',
      method: 'post',
      path: `/plans/${P}/inspections`,
      body: inspectionInput({ window: { ...WINDOW, constructor: { prototype: { x: 1 } } } }),
      status: 400,
      code: 'VALIDATION_FAILED',
    },
    {
      name: 'a whole body that is an array',
      method: 'post',
      path: `/plans/${P}/inspections`,
      body: [inspectionInput()],
      status: 400,
      code: 'VALIDATION_FAILED',
    },
    {
      name: 'year as a string',
      method: 'post',
      path: '/plans',
      body: { agencyCode: 'SKHCN', year: '2027', kind: 'annual' },
      status: 400,
      code: 'VALIDATION_FAILED',
      field: 'year',
    },
    {
      name: 'year 0',
      method: 'post',
      path: '/plans',
      body: { agencyCode: 'SKHCN', year: 0, kind: 'annual' },
      status: 400,
      code: 'VALIDATION_FAILED',
      field: 'year',
    },
    {
      name: 'year 1e308',
      method: 'post',
      path: '/plans',
      raw: {
        type: 'application/json',
        text: '{"agencyCode":"SKHCN","year":1e308,"kind":"annual"}',
      },
      status: 400,
      code: 'VALIDATION_FAILED',
      field: 'year',
    },
    {
      name: 'durationWorkingDays 1.5',
      method: 'post',
      path: `/plans/${P}/inspections`,
      body: inspectionInput({ durationWorkingDays: 1.5 }),
      status: 400,
      code: 'VALIDATION_FAILED',
      field: 'durationWorkingDays',
    },
    {
      name: 'window from after to',
      method: 'post',
      path: `/plans/${P}/inspections`,
      body: inspectionInput({ window: { from: '2026-04-01', to: '2026-03-01' } }),
      status: 400,
      code: 'VALIDATION_FAILED',
      field: 'window',
    },
    {
      name: 'decision with no number',
      method: 'post',
      path: `/plans/${P}/approve`,
      body: { decision: { date: '2025-12-15' } },
      status: 400,
      code: 'VALIDATION_FAILED',
      field: 'decision.number',
    },
    {
      name: 'decision {} (no number, no date)',
      method: 'post',
      path: `/plans/${P}/approve`,
      body: { decision: {} },
      status: 400,
      code: 'VALIDATION_FAILED',
      field: 'decision.date',
    },
    {
      name: 'meeting scope {} (no year)',
      method: 'post',
      path: '/meetings',
      body: { ...MEETING, scope: {} },
      status: 400,
      code: 'VALIDATION_FAILED',
      field: 'scope.year',
    },
    {
      name: 'meeting without scope',
      method: 'post',
      path: '/meetings',
      body: { ...MEETING, scope: undefined },
      status: 400,
      code: 'VALIDATION_FAILED',
      field: 'scope',
    },
    {
      name: 'rescan year []',
      method: 'post',
      path: '/conflicts/rescan',
      body: { year: [] },
      status: 400,
      code: 'VALIDATION_FAILED',
      field: 'year',
    },
    {
      name: 'rescan body an array',
      method: 'post',
      path: '/conflicts/rescan',
      body: [{ year: 2026 }],
      status: 400,
      code: 'VALIDATION_FAILED',
    },
  );

  it('has at least 150 cases', () => {
    expect(cases.length).toBeGreaterThanOrEqual(150);
  });

  it('answers every case with its 4xx and code, and changes nothing stored', async () => {
    const before = await digest(db);
    const failures: string[] = [];
    const fill = (path: string) =>
      path.replace(P, planId).replace(I, inspectionId).replace(M, meetingId);
    for (const c of cases) {
      let req = t.http[c.method](fill(c.path));
      if (c.raw) req = req.set('content-type', c.raw.type).send(c.raw.text);
      else if (c.body !== undefined) req = req.send(c.body as object);
      const res = await req;
      const details: { field: string; code: string }[] = res.body.details ?? [];
      const fields = details.map((d) => d.field);
      const problems = [
        c.detail &&
          !details.some((d) => d.field === c.field && d.code === c.detail) &&
          `details ${JSON.stringify(details)} (wanted ${c.field}: ${c.detail})`,
        res.status !== c.status && `status ${res.status} (wanted ${c.status})`,
        res.body.code !== c.code && `code ${res.body.code} (wanted ${c.code})`,
        c.field && !fields.includes(c.field) && `fields ${fields.join(',')} (wanted ${c.field})`,
      ].filter(Boolean);
      if (problems.length) failures.push(`${c.name}: ${problems.join('; ')}`);
    }
    expect(failures).toEqual([]);
    expect(await digest(db)).toEqual(before);
    // And the service still answers ordinary requests over what it stored.
    await t.http.get('/plans/export?year=2026').expect(200);
    await t.http.post('/conflicts/rescan').send({ year: 2026 }).expect(200);
  });
});
