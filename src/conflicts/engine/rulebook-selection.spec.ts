import {
  createConflictEngine,
  createRulebookSelector,
  CT20,
  NQ198,
  parseRulebookYearConfig,
  type EngineInspection,
} from './index';
import { insp, w } from './testing/fixtures';

describe('rulebook selection and severities (configurable data)', () => {
  const twoChecks = (year: number): EngineInspection[] => [
    insp('a', { window: w(`${year}-03-02`) }),
    insp('b', { window: w(`${year}-09-01`) }),
  ];

  it('defaults: CT20 up to 2024, NQ198 from 2025', () => {
    const s = createRulebookSelector();
    expect(s.forYear(2017)?.ref.id).toBe('CT20');
    expect(s.forYear(2024)?.ref.id).toBe('CT20');
    expect(s.forYear(2025)?.ref.id).toBe('NQ198');
    expect(s.forYear(2040)?.ref.id).toBe('NQ198');
  });

  it('reads a deployment config; years outside every range have no rules', () => {
    const years = parseRulebookYearConfig('{"2017-2024":"CT20","2025-":"NQ198"}');
    const engine = createConflictEngine({ years });
    expect(engine.selector.forYear(2016)).toBeUndefined();
    expect(engine.detect(twoChecks(2016))).toEqual([]);
    expect(engine.detect(twoChecks(2020)).map((c) => c.ruleId)).toEqual(['ct20.frequency']);
  });

  it('lets a deployment keep CT20 for 2025', () => {
    const engine = createConflictEngine({ years: { '-2025': 'CT20', '2026-': 'NQ198' } });
    expect(engine.detect(twoChecks(2025)).map((c) => c.ruleId)).toEqual(['ct20.frequency']);
    expect(engine.detect(twoChecks(2026)).map((c) => c.ruleId)).toEqual([
      'nq198.frequency.kiem-tra',
    ]);
  });

  it('a single-year key works', () => {
    const s = createRulebookSelector({ years: { '2025': 'CT20', '2026-': 'NQ198' } });
    expect(s.forYear(2025)?.ref.id).toBe('CT20');
    expect(s.forYear(2024)).toBeUndefined();
  });

  it('rejects overlapping or malformed ranges and unknown rulebooks or rules', () => {
    expect(() => createRulebookSelector({ years: { '-2025': 'CT20', '2025-': 'NQ198' } })).toThrow(
      /overlap/,
    );
    expect(() => createRulebookSelector({ years: { '2025-2020': 'CT20' } })).toThrow(/empty/);
    expect(() => createRulebookSelector({ years: { abc: 'CT20' } })).toThrow(/bad/);
    expect(() => createRulebookSelector({ years: { '2025-': 'NQ999' } })).toThrow(
      /unknown rulebook/,
    );
    expect(() => createRulebookSelector({ severityOverrides: { 'nq198.nope': 'warn' } })).toThrow(
      /unknown rule/,
    );
    expect(() => parseRulebookYearConfig('["CT20"]')).toThrow();
  });

  it('overrides a rule severity without touching the rulebook data', () => {
    const engine = createConflictEngine({
      severityOverrides: { 'nq198.frequency.kiem-tra': 'warn' },
    });
    expect(engine.detect(twoChecks(2026))[0].severity).toBe('warn');
    expect(NQ198.rules.find((r) => r.id === 'nq198.frequency.kiem-tra')!.severity).toBe('block');
    expect(createConflictEngine().detect(twoChecks(2026))[0].severity).toBe('block');
  });

  it('a family name overrides every rule of that family; a rule id wins over its family', () => {
    const s = createRulebookSelector({
      severityOverrides: { frequency: 'warn', 'nq198.frequency.thanh-tra': 'block' },
    });
    const severities = (year: number) =>
      s.forYear(year)!.frequency.map((r) => [r.id, r.severity] as const);
    expect(severities(2024)).toEqual([['ct20.frequency', 'warn']]);
    expect(severities(2026)).toEqual([
      ['nq198.frequency.thanh-tra', 'block'],
      ['nq198.frequency.kiem-tra', 'warn'],
    ]);
    expect(s.forYear(2026)!.windowOverlap!.severity).toBe(
      NQ198.rules.find((r) => r.family === 'window-overlap')!.severity,
    );
    expect(() => createRulebookSelector({ severityOverrides: { frequence: 'warn' } })).toThrow(
      'severity override for unknown rule or rule family "frequence"',
    );
  });

  it('every rule id is unique and carries vi/en citation and statement', () => {
    const rules = [...CT20.rules, ...NQ198.rules];
    expect(new Set(rules.map((r) => r.id)).size).toBe(rules.length);
    // Each rule cites its own legal text, in both languages.
    for (const r of CT20.rules) {
      expect(r.citation.vi).toMatch(/^Chỉ thị số 20\/CT-TTg ngày 17\/5\/2017/);
      expect(r.citation.en).toMatch(/^Directive 20\/CT-TTg of 17 May 2017/);
    }
    for (const r of NQ198.rules) {
      expect(r.citation.vi).toMatch(
        r.family === 'thanh-tra-authority'
          ? /^Luật Thanh tra năm 2025 \(hiệu lực từ ngày 01\/7\/2025\)/
          : /^Nghị quyết số 198\/2025\/QH15 ngày 17\/5\/2025/,
      );
    }
    for (const r of rules) {
      // A sentence in each language: capitalised, and not the other language's text.
      expect(r.statement.vi).toMatch(/^\p{Lu}\S*( \S+)+$/u);
      expect(r.statement.en).toMatch(/^\p{Lu}\S*( \S+)+$/u);
      expect(r.statement.vi).not.toBe(r.statement.en);
    }
    // NQ198's extra families exist only there
    expect(CT20.rules.map((r) => r.family)).not.toContain('good-complier-remote');
    expect(NQ198.rules.map((r) => r.family)).toContain('same-field');
  });

  it('a custom rulebook is data too: a limit of 2 per year', () => {
    const LENIENT = {
      ...CT20,
      id: 'LENIENT',
      version: 'test',
      rules: CT20.rules.map((r) =>
        r.family === 'frequency'
          ? { ...r, id: 'lenient.frequency', params: { ...r.params, maxPerYear: 2 } }
          : { ...r, id: `lenient.${r.family}` },
      ),
    };
    const engine = createConflictEngine({
      rulebooks: [CT20, NQ198, LENIENT],
      years: { '2020-': 'LENIENT' },
    });
    const three = [...twoChecks(2026), insp('c', { window: w('2026-11-02') })];
    expect(engine.detect(twoChecks(2026))).toEqual([]);
    const [c] = engine.detect(three);
    expect([c.ruleId, c.rulebook.id, c.facts.maxPerYear]).toEqual([
      'lenient.frequency',
      'LENIENT',
      2,
    ]);
    expect(c.explanation.vi).toContain('tối đa 2 lần');
  });
});
