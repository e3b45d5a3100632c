import { FakeAuditTrail } from '../audit/testing/fake-audit-trail';
import { FakeClock } from '../common/testing/fake-clock';
import type { AppConfig } from '../config/app-config';
import { DEFAULT_FIELDS_OF_MANAGEMENT } from '../domain/fields-of-management';
import { FieldCatalog } from './field-catalog';
import { FieldsService } from './fields.service';
import { FakeFieldRepository, FakeFieldUsage } from './testing/fake-field-repository';

async function setup() {
  const clock = new FakeClock();
  const repo = new FakeFieldRepository();
  const usage = new FakeFieldUsage();
  const config = {} as AppConfig;
  const catalog = new FieldCatalog(config);
  const audit = new FakeAuditTrail(clock);
  const service = new FieldsService(repo, usage, catalog, audit, clock, config);
  await service.onModuleInit();
  service.onModuleDestroy();
  return { repo, usage, catalog, audit, service, clock };
}

const refusal = (p: Promise<unknown>) =>
  p.then(
    () => 'OK',
    (e: { status: number; code: string; details?: { field: string; code: string }[] }) =>
      [e.status, e.code, ...(e.details ?? []).map((d) => `${d.field}:${d.code}`)].join(' '),
  );

const MINING = { code: 'mining', vi: 'Khai thác khoáng sản', en: 'Mining', aliases: ['mỏ đá'] };

describe('FieldsService', () => {
  it('seeds an empty store with the built-in list, once', async () => {
    const { repo, service } = await setup();
    expect(repo.rows.size).toBe(DEFAULT_FIELDS_OF_MANAGEMENT.length);
    await service.create(MINING, 'anh.nv');
    await service.onModuleInit();
    service.onModuleDestroy();
    expect(repo.rows.size).toBe(DEFAULT_FIELDS_OF_MANAGEMENT.length + 1);
  });

  it('adds a field: the in-memory catalogue offers it at once, and the import guesses it', async () => {
    const { catalog, service, audit } = await setup();
    expect(catalog.has('mining')).toBe(false);
    const made = await service.create(MINING, 'anh.nv');
    expect(made).toMatchObject({ code: 'mining', active: true, revision: 1, createdBy: 'anh.nv' });
    expect(catalog.has('mining')).toBe(true);
    expect(catalog.match('Kiểm tra mỏ đá')).toMatchObject({ ok: true, field: { code: 'mining' } });
    expect(audit.recorded.map((e) => `${e.entityType} ${e.entityId} ${e.action}`)).toEqual([
      'field mining created',
    ]);
  });

  it('refuses a code or a name that is taken, however the name is cased or composed', async () => {
    const { service, repo } = await setup();
    await expect(refusal(service.create({ ...MINING, code: 'tax' }, 'a'))).resolves.toBe(
      '409 FIELD_EXISTS code:DUPLICATE',
    );
    await expect(
      refusal(service.create({ ...MINING, vi: 'LAO ĐỘNG'.normalize('NFD') }, 'a')),
    ).resolves.toBe('409 FIELD_NAME_EXISTS vi:DUPLICATE');
    expect(repo.rows.has('mining')).toBe(false);
  });

  it('refuses names the import would read as another field', async () => {
    const { service } = await setup();
    await expect(
      refusal(service.create({ ...MINING, vi: 'Khai khoáng', aliases: ['PCCC'] }, 'a')),
    ).resolves.toBe('409 FIELD_NAME_CLASH aliases:NAME_CLASH');
  });

  it('renames on the revision read, keeps the former name as an alias, never the code', async () => {
    const { service, catalog } = await setup();
    const renamed = await service.update(
      'information',
      { revision: 1, vi: 'Báo chí, xuất bản' },
      'anh.nv',
    );
    expect(renamed).toMatchObject({ code: 'information', vi: 'Báo chí, xuất bản', revision: 2 });
    expect(renamed.aliases).toContain('Thông tin và truyền thông');
    expect(catalog.label('information')).toBe('Báo chí, xuất bản');
    expect(catalog.match('Thông tin và truyền thông')).toMatchObject({
      ok: true,
      field: { code: 'information' },
    });
    await expect(
      refusal(service.update('information', { revision: 1, vi: 'Truyền thông' }, 'anh.nv')),
    ).resolves.toBe('409 STALE_REVISION');
  });

  it('deactivates: gone from pick lists, validation and guesses, still labelled', async () => {
    const { service, catalog, audit } = await setup();
    await service.update('education', { revision: 1, active: false }, 'anh.nv');
    expect(catalog.has('education')).toBe(false);
    expect(catalog.knows('education')).toBe(true);
    expect(catalog.active.map((f) => f.code)).not.toContain('education');
    expect(catalog.label('education')).toBe('Giáo dục');
    expect(catalog.match('Giáo dục')).toEqual({ ok: false, reason: 'unknown' });
    expect(audit.recorded.at(-1)).toMatchObject({ action: 'deactivated' });
  });

  it('keeps one field active', async () => {
    const { service, repo } = await setup();
    for (const f of [...repo.rows.values()].slice(1)) f.active = false;
    const last = [...repo.rows.values()][0];
    await expect(
      refusal(service.update(last.code, { revision: 1, active: false }, 'a')),
    ).resolves.toBe('422 LAST_ACTIVE_FIELD active:LAST_ACTIVE_FIELD');
  });

  it('deletes only a field no inspection uses', async () => {
    const { service, usage, repo, catalog } = await setup();
    usage.counts.set('tax', 3);
    await expect(refusal(service.remove('tax', 1, 'a'))).resolves.toBe(
      '409 FIELD_IN_USE code:FIELD_IN_USE',
    );
    expect(repo.rows.has('tax')).toBe(true);
    await service.create(MINING, 'a');
    await expect(refusal(service.remove('mining', 2, 'a'))).resolves.toBe('409 STALE_REVISION');
    await service.remove('mining', 1, 'a');
    expect(repo.rows.has('mining')).toBe(false);
    expect(catalog.knows('mining')).toBe(false);
  });
});
