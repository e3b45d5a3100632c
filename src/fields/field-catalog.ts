import { readFileSync } from 'node:fs';
import { Inject, Injectable } from '@nestjs/common';
import { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import {
  createFieldMatcher,
  DEFAULT_FIELDS_OF_MANAGEMENT,
  FieldMatcher,
  FieldOfManagement,
} from '../domain/fields-of-management';

/** A field as the synchronous readers see it. */
export type CatalogField = FieldOfManagement & { active: boolean };

/** The list the store is seeded with when empty: FIELDS_OF_MANAGEMENT_FILE, else the built-in. */
export function configuredFields(config: Pick<AppConfig, 'fieldsOfManagementFile'>) {
  return config.fieldsOfManagementFile
    ? readFieldsFile(config.fieldsOfManagementFile)
    : DEFAULT_FIELDS_OF_MANAGEMENT;
}

/**
 * The deployment's fields of state management, in memory, for the many synchronous readers
 * (validation, labels, pick lists, the import's guesses). FieldsService replaces the snapshot
 * from the stored catalogue at start, after each write here, and every few seconds for writes
 * made by other replicas. Until then (and in unit tests) it holds the configured list.
 */
@Injectable()
export class FieldCatalog {
  private all: readonly CatalogField[] = [];
  private activeOnes: readonly CatalogField[] = [];
  private byCode = new Map<string, CatalogField>();
  private matcher: FieldMatcher = createFieldMatcher([]);
  private nameMap = new Map<string, { vi: string; en: string }>();
  private sameAs = '';

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    this.replace(configuredFields(config).map((f) => ({ ...f, active: true })));
  }

  /** Every field, active or not: labels of old records, exports, explanations. */
  get fields(): readonly CatalogField[] {
    return this.all;
  }

  /** What a person may choose for a new record: pick lists and the import's guesses. */
  get active(): readonly CatalogField[] {
    return this.activeOnes;
  }

  /** A new record may name this field (it exists and is active). */
  has(code: string): boolean {
    return this.byCode.get(code)?.active === true;
  }

  /** The field exists at all (an old record may keep an inactive one). */
  knows(code: string): boolean {
    return this.byCode.has(code);
  }

  label(code: string): string {
    return this.byCode.get(code)?.vi ?? code;
  }

  /** Free text of a plan table → one active field, or why not. */
  get match(): FieldMatcher {
    return this.matcher;
  }

  /** Code → names, for the engine's explanations. */
  get names(): ReadonlyMap<string, { vi: string; en: string }> {
    return this.nameMap;
  }

  /** Swaps the whole snapshot at once, so a reader never sees half of two lists. */
  replace(fields: readonly CatalogField[]): void {
    const all = fields.map((f) => ({ ...f }));
    const active = all.filter((f) => f.active);
    this.all = all;
    this.activeOnes = active;
    this.byCode = new Map(all.map((f) => [f.code, f]));
    this.matcher = createFieldMatcher(active);
    this.nameMap = new Map(all.map((f) => [f.code, { vi: f.vi, en: f.en }]));
    this.sameAs = JSON.stringify(all.map((f) => [f.code, f.vi, f.en, f.active]));
  }

  /**
   * Equal for two snapshots with the same fields, names and activity (the snapshot is replaced
   * every few seconds, mostly by the same list): part of the version of what names them.
   */
  get signature(): string {
    return this.sameAs;
  }
}

function readFieldsFile(path: string): FieldOfManagement[] {
  const parsed = JSON.parse(readFileSync(path, 'utf8')) as unknown;
  const valid =
    Array.isArray(parsed) &&
    parsed.length > 0 &&
    parsed.every(
      (f) => typeof f?.code === 'string' && typeof f?.vi === 'string' && typeof f?.en === 'string',
    );
  if (!valid)
    throw new Error(
      `FIELDS_OF_MANAGEMENT_FILE ${path} must be a JSON array of {code, vi, en, aliases?}`,
    );
  return (parsed as FieldOfManagement[]).map((f) => ({
    ...f,
    vi: f.vi.normalize('NFC'),
    en: f.en.normalize('NFC'),
    ...(f.aliases && { aliases: f.aliases.map((a) => String(a).normalize('NFC')) }),
  }));
}
