import { InvalidInputError } from '../../common/errors/domain-errors';
import { toEngineInspection } from '../engine-input';
import type { Suggestion } from '../engine';
import { inspection, overlapPair } from '../testing/world';
import { applyChange, inspectionEdits, planResolution, ResolutionRequest } from './plan-resolution';

const KINDS: Record<string, 'inspectorate' | 'specialised'> = { TTT: 'inspectorate' };
const records = overlapPair();
const engineInputs = records.map((r) => toEngineInspection(r, (c) => KINDS[c] ?? 'specialised'));
const conflict = { id: 'nq198.window-overlap:a,b', inspectionIds: ['a', 'b'] };
const explanation = { vi: 'Chuyển sang năm 2027', en: 'Move to 2027' };
const moveB: Suggestion = {
  kind: 'move-to-year',
  conflictId: conflict.id,
  inspectionId: 'b',
  year: 2027,
  window: { from: '2027-04-20', to: '2027-05-20' },
  explanation,
};
const remoteB: Suggestion = {
  kind: 'switch-to-remote',
  conflictId: conflict.id,
  inspectionId: 'b',
  explanation,
};

const plan = (body: ResolutionRequest, suggestions: Suggestion[] = []) =>
  planResolution(conflict, body, records, engineInputs, suggestions);

function refusal(body: ResolutionRequest, suggestions: Suggestion[] = []) {
  try {
    plan(body, suggestions);
  } catch (e) {
    if (e instanceof InvalidInputError)
      return { code: e.code, message: e.message, details: e.details };
    throw e;
  }
  throw new Error('the request was accepted');
}

describe('planResolution', () => {
  describe('good complier: the suggestions GET offered, by their number', () => {
    it('applies suggestion 0, a move to next year, as a reschedule', () => {
      expect(plan({ resolution: 'reschedule', suggestion: 0 }, [moveB, remoteB])).toEqual({
        change: { suggestion: moveB },
        resolution: {
          kind: 'reschedule',
          inspectionId: 'b',
          window: { from: '2027-04-20', to: '2027-05-20' },
        },
        reasons: new Map(),
      });
    });

    it('applies suggestion 1, a switch to remote', () => {
      expect(plan({ resolution: 'switch-to-remote', suggestion: 1 }, [moveB, remoteB])).toEqual({
        change: { suggestion: remoteB },
        resolution: { kind: 'switch-to-remote', inspectionId: 'b' },
        reasons: new Map(),
      });
    });

    it('switches a named inspection to remote by hand', () => {
      const p = plan({ resolution: 'switch-to-remote', inspectionId: 'b' });
      expect(p.resolution).toEqual({ kind: 'switch-to-remote', inspectionId: 'b' });
      expect(applyChange(engineInputs, p.change).map((i) => [i.id, i.form])).toEqual([
        ['a', 'on-site'],
        ['b', 'remote'],
      ]);
    });

    it('refuses a suggestion number beyond those offered', () => {
      expect(refusal({ resolution: 'reschedule', suggestion: 2 }, [moveB, remoteB])).toEqual({
        code: 'VALIDATION_FAILED',
        message: 'No such suggestion',
        details: [
          { field: 'suggestion', code: 'UNKNOWN_SUGGESTION', message: 'there are 2 suggestions' },
        ],
      });
    });

    it('refuses a suggestion named by another kind (the merge GET did not offer)', () => {
      expect(refusal({ resolution: 'merge', suggestion: 0 }, [moveB])).toEqual({
        code: 'VALIDATION_FAILED',
        message: 'Suggestion 0 is a reschedule, not a merge',
        details: [
          {
            field: 'suggestion',
            code: 'SUGGESTION_KIND_MISMATCH',
            message: 'suggestion 0 is a reschedule',
          },
        ],
      });
    });
  });

  describe('joint inspection (merge)', () => {
    it('keeps one, merges the others, the lead chosen among the agencies involved', () => {
      const p = plan({ resolution: 'merge', keepInspectionId: 'a', leadAgencyCode: 'SKHCN' });
      expect(p.resolution).toEqual({
        kind: 'merge',
        keepInspectionId: 'a',
        mergedInspectionIds: ['b'],
        window: { from: '2026-04-01', to: '2026-04-30' },
      });
      expect(p.change).toMatchObject({
        suggestion: {
          kind: 'merge',
          keepId: 'a',
          mergedIds: ['b'],
          joint: {
            leadAgency: { code: 'SKHCN', kind: 'specialised' },
            participantAgencyCodes: ['TTT'],
            type: 'thanh-tra',
            form: 'on-site',
            field: 'tax',
            window: { from: '2026-04-01', to: '2026-04-30' },
          },
        },
      });
    });

    it('unites every participant and takes the window the meeting chose', () => {
      const withParticipants = [
        { ...records[0], participantAgencyCodes: ['SNV'] },
        { ...records[1], participantAgencyCodes: ['KTNN'] },
      ];
      const p = planResolution(
        conflict,
        {
          resolution: 'merge',
          keepInspectionId: 'a',
          window: { from: '2026-04-20', to: '2026-04-30' },
        },
        withParticipants,
        engineInputs,
        [],
      );
      expect(p.change).toMatchObject({
        suggestion: {
          joint: {
            leadAgency: { code: 'TTT', kind: 'inspectorate' },
            participantAgencyCodes: ['KTNN', 'SKHCN', 'SNV'],
            window: { from: '2026-04-20', to: '2026-04-30' },
          },
        },
      });
      expect(p.resolution.window).toEqual({ from: '2026-04-20', to: '2026-04-30' });
    });

    it('refuses a lead that is not involved', () => {
      expect(
        refusal({ resolution: 'merge', keepInspectionId: 'a', leadAgencyCode: 'SNV' }),
      ).toEqual({
        code: 'VALIDATION_FAILED',
        message: 'The lead must be one of the agencies involved',
        details: [{ field: 'leadAgencyCode', code: 'NOT_INVOLVED', message: 'one of TTT, SKHCN' }],
      });
    });

    it('refuses to keep an inspection outside the conflict', () => {
      expect(refusal({ resolution: 'merge', keepInspectionId: 'z' }).details).toEqual([
        { field: 'keepInspectionId', code: 'NOT_IN_CONFLICT', message: 'one of a, b' },
      ]);
    });
  });

  describe('move to next year (reschedule)', () => {
    it('moves the named inspection to the window given', () => {
      const window = { from: '2027-04-20', to: '2027-05-20' };
      const p = plan({ resolution: 'reschedule', inspectionId: 'b', window });
      expect(p.resolution).toEqual({ kind: 'reschedule', inspectionId: 'b', window });
      expect(p.change).toEqual({
        suggestion: {
          kind: 'move-to-year',
          inspectionId: 'b',
          year: 2027,
          window,
          conflictId: conflict.id,
          explanation: { vi: '', en: '' },
        },
      });
    });

    it('needs the new window', () => {
      expect(refusal({ resolution: 'reschedule', inspectionId: 'b' })).toEqual({
        code: 'VALIDATION_FAILED',
        message: 'A reschedule needs the new window',
        details: [{ field: 'window', code: 'REQUIRED', message: 'give window.from and window.to' }],
      });
    });
  });

  describe('cancel', () => {
    it('cancels a member and records why', () => {
      const p = plan({ resolution: 'cancel', inspectionId: 'a', reason: 'Trùng kế hoạch' });
      expect(p).toEqual({
        change: { cancel: 'a' },
        resolution: { kind: 'cancel', inspectionId: 'a', reason: 'Trùng kế hoạch' },
        reasons: new Map([['a', 'Trùng kế hoạch']]),
      });
      expect(applyChange(engineInputs, p.change).map((i) => [i.id, i.state])).toEqual([
        ['a', 'cancelled'],
        ['b', 'planned'],
      ]);
    });

    it('needs a reason', () => {
      expect(refusal({ resolution: 'cancel', inspectionId: 'a' }).details).toEqual([
        { field: 'reason', code: 'REQUIRED', message: 'say why the inspection is cancelled' },
      ]);
    });

    it('refuses an inspection that is not a member', () => {
      expect(refusal({ resolution: 'cancel', inspectionId: 'nope', reason: 'x' })).toEqual({
        code: 'VALIDATION_FAILED',
        message: "inspectionId must be one of the conflict's inspections",
        details: [{ field: 'inspectionId', code: 'NOT_IN_CONFLICT', message: 'one of a, b' }],
      });
    });
  });

  describe('exempt', () => {
    it('changes no inspection and keeps the legal basis and evidence', () => {
      const p = plan({ resolution: 'exempt', legalBasis: 'Điều 4 NQ198', evidence: 'BB 3' });
      expect(p).toEqual({
        change: { none: true },
        resolution: { kind: 'exempt', legalBasis: 'Điều 4 NQ198', evidence: 'BB 3' },
        reasons: new Map(),
      });
      expect(applyChange(engineInputs, p.change)).toEqual(engineInputs);
    });

    it('needs a legal basis and evidence, both named', () => {
      expect(refusal({ resolution: 'exempt', suggestion: 0 }, [moveB])).toEqual({
        code: 'VALIDATION_FAILED',
        message: 'An exemption needs a legal basis and evidence',
        details: [
          { field: 'legalBasis', code: 'REQUIRED', message: 'an exemption needs its legal basis' },
          {
            field: 'evidence',
            code: 'REQUIRED',
            message: 'an exemption needs the evidence it rests on',
          },
        ],
      });
    });
  });
});

describe('inspectionEdits', () => {
  it('writes the joint fields on the kept one and marks the other merged into it', () => {
    const p = plan({ resolution: 'merge', keepInspectionId: 'a' });
    const after = applyChange(engineInputs, p.change);
    expect(inspectionEdits(records, after, p.reasons, 'a')).toEqual([
      {
        before: records[0],
        changes: { participantAgencyCodes: ['SKHCN'] },
      },
      { before: records[1], changes: { state: 'merged', mergedInto: 'a' } },
    ]);
  });

  it('yields no edit for records the change leaves alone', () => {
    const p = plan({ resolution: 'switch-to-remote', inspectionId: 'b' });
    expect(inspectionEdits(records, applyChange(engineInputs, p.change), p.reasons)).toEqual([
      { before: records[1], changes: { form: 'remote' } },
    ]);
  });

  it('sets the reason of a cancelled one', () => {
    const p = plan({ resolution: 'cancel', inspectionId: 'a', reason: 'Trùng kế hoạch' });
    expect(inspectionEdits(records, applyChange(engineInputs, p.change), p.reasons)).toEqual([
      { before: records[0], changes: { state: 'cancelled', stateReason: 'Trùng kế hoạch' } },
    ]);
  });

  it("keeps the state of a withdrawn plan's inspection (the engine saw it cancelled)", () => {
    const withdrawn = inspection('w', { planStatus: 'withdrawn', state: 'scheduled' });
    const seen = toEngineInspection(withdrawn, () => 'specialised');
    expect(seen.state).toBe('cancelled');
    const moved = { ...seen, window: { from: '2027-04-01', to: '2027-04-30' } };
    expect(inspectionEdits([withdrawn], [moved], new Map())).toEqual([
      { before: withdrawn, changes: { window: { from: '2027-04-01', to: '2027-04-30' } } },
    ]);
  });
});
