import { NotFoundError, StateConflictError } from '../common/errors/domain-errors';
import { AgenciesService } from './agencies.service';
import { agency, FakeAgencyRepository } from './testing/fake-agency-repository';
import { FakeClock } from '../common/testing/fake-clock';
import { FakeAuditTrail } from '../audit/testing/fake-audit-trail';

const NOW = new Date('2026-03-02T03:00:00.000Z');

function setup(existing = [agency('TTT', { kind: 'inspectorate', name: 'Thanh tra tỉnh' })]) {
  const clock = new FakeClock(NOW);
  const agencies = new FakeAgencyRepository(existing);
  const audit = new FakeAuditTrail(clock);
  return { agencies, audit, clock, service: new AgenciesService(agencies, audit, clock) };
}

describe('AgenciesService', () => {
  describe('create', () => {
    it('stores a new agency as active, stamped now, and audits it', async () => {
      const { service, agencies, audit } = setup();
      const created = await service.create(
        { code: 'SYT', name: 'Sở Y tế', kind: 'specialised' },
        'alice',
      );
      const expected = {
        code: 'SYT',
        name: 'Sở Y tế',
        kind: 'specialised',
        active: true,
        createdAt: NOW,
        updatedAt: NOW,
      };
      expect(created).toEqual(expected);
      expect(agencies.rows.get('SYT')).toEqual(expected);
      expect(audit.recorded).toEqual([
        { entityType: 'agency', entityId: 'SYT', action: 'created', actor: 'alice', at: NOW },
      ]);
    });

    it('refuses a code that exists (409 AGENCY_EXISTS) and writes nothing', async () => {
      const { service, agencies, audit } = setup();
      const err = await service
        .create({ code: 'TTT', name: 'Other', kind: 'other' }, 'alice')
        .catch((e: unknown) => e);
      expect(err).toBeInstanceOf(StateConflictError);
      expect(err).toMatchObject({
        code: 'AGENCY_EXISTS',
        message: 'Agency TTT already exists',
        details: [
          { field: 'code', code: 'DUPLICATE', message: 'an agency with code TTT already exists' },
        ],
      });
      expect(agencies.rows.get('TTT')!.name).toBe('Thanh tra tỉnh');
      expect(audit.recorded).toEqual([]);
    });
  });

  describe('list', () => {
    it('filters by kind', async () => {
      const { service } = setup([
        agency('TTT', { kind: 'inspectorate' }),
        agency('SYT', { kind: 'specialised' }),
        agency('STC', { kind: 'specialised' }),
      ]);
      expect((await service.list('specialised')).map((a) => a.code)).toEqual(['STC', 'SYT']);
      expect((await service.list()).map((a) => a.code)).toEqual(['STC', 'SYT', 'TTT']);
    });
  });

  describe('get', () => {
    it('finds the agency whatever the case of the code asked', async () => {
      const { service } = setup();
      expect((await service.get('ttt')).name).toBe('Thanh tra tỉnh');
    });

    it('answers 404 AGENCY_NOT_FOUND for an unknown code', async () => {
      const { service } = setup();
      const err = await service.get('NOPE').catch((e: unknown) => e);
      expect(err).toBeInstanceOf(NotFoundError);
      expect(err).toMatchObject({ code: 'AGENCY_NOT_FOUND', message: 'Agency NOPE not found' });
    });
  });

  describe('update', () => {
    it('changes what was asked, stamps now and audits only the fields that changed', async () => {
      const { service, audit, clock } = setup();
      const later = new Date('2026-03-05T01:00:00.000Z');
      clock.set(later);
      const after = await service.update('ttt', { name: 'Thanh tra tỉnh', active: false }, 'bob');
      expect(after).toMatchObject({ code: 'TTT', active: false, updatedAt: later });
      expect(audit.recorded).toEqual([
        {
          entityType: 'agency',
          entityId: 'TTT',
          action: 'updated',
          actor: 'bob',
          at: later,
          changes: [{ field: 'active', from: true, to: false }],
        },
      ]);
    });

    it('keeps a contact address and audits its change', async () => {
      const { service, audit } = setup();
      const after = await service.update('TTT', { contactEmail: 'vanthu@ttt.example.vn' }, 'bob');
      expect(after.contactEmail).toBe('vanthu@ttt.example.vn');
      expect(audit.recorded[0].changes).toEqual([
        { field: 'contactEmail', from: undefined, to: 'vanthu@ttt.example.vn' },
      ]);
    });

    it('lands an edit only on the revision read: a stale one is 409 and writes nothing', async () => {
      const { service, audit } = setup();
      const first = await service.update('TTT', { name: 'Thanh tra tỉnh', revision: 0 }, 'bob');
      expect(first.revision).toBe(1);
      const stale = service.update('TTT', { name: 'Thanh tra tỉnh Vĩnh Long', revision: 0 }, 'an');
      await expect(stale).rejects.toMatchObject({ code: 'STALE_REVISION' });
      expect((await service.get('TTT')).name).toBe('Thanh tra tỉnh');
      expect(audit.recorded).toHaveLength(1);
    });

    it('answers 404 for an unknown agency and writes nothing', async () => {
      const { service, audit } = setup();
      await expect(service.update('NOPE', { name: 'x' }, 'bob')).rejects.toMatchObject({
        code: 'AGENCY_NOT_FOUND',
      });
      expect(audit.recorded).toEqual([]);
    });
  });
});
