import type { Provider } from '@nestjs/common';
import { AppConfig, ConfigError } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { ConflictEngine, createConflictEngine, Severity } from './engine';

export const CONFLICT_ENGINE = Symbol('CONFLICT_ENGINE');

/** "-2024:CT20,2025-:NQ198" → {"-2024": "CT20", "2025-": "NQ198"} */
export function parseRulebookByYear(raw: string): Record<string, string> {
  const years: Record<string, string> = {};
  for (const part of raw
    .split(',')
    .map((p) => p.trim())
    .filter(Boolean)) {
    const at = part.lastIndexOf(':');
    if (at <= 0) throw new RangeError(`"${part}" must look like 2025-:NQ198`);
    years[part.slice(0, at).trim()] = part.slice(at + 1).trim();
  }
  return years;
}

/** "nq198.window-overlap:warn,ct20.state-audit:block" → {ruleId: severity} */
export function parseSeverityOverrides(raw: string): Record<string, Severity> {
  const overrides: Record<string, Severity> = {};
  for (const part of raw
    .split(',')
    .map((p) => p.trim())
    .filter(Boolean)) {
    const [ruleId, severity] = part.split(':').map((s) => s.trim());
    overrides[ruleId] = severity as Severity;
  }
  return overrides;
}

/** The deployment's engine; a bad rulebook setting stops the start naming the variable. */
export const conflictEngineProvider: Provider = {
  provide: CONFLICT_ENGINE,
  inject: [APP_CONFIG],
  useFactory: (config: AppConfig): ConflictEngine => {
    let years: Record<string, string>;
    try {
      years = parseRulebookByYear(config.rulebookByYear);
      createConflictEngine({ years });
    } catch (error) {
      throw new ConfigError([
        `RULEBOOK_BY_YEAR=${JSON.stringify(config.rulebookByYear)} ${(error as Error).message}`,
      ]);
    }
    try {
      return createConflictEngine({
        years,
        severityOverrides: parseSeverityOverrides(config.ruleSeverityOverrides),
      });
    } catch (error) {
      throw new ConfigError([
        `RULE_SEVERITY_OVERRIDES=${JSON.stringify(config.ruleSeverityOverrides)} ${(error as Error).message}`,
      ]);
    }
  },
};
