// OpenAPI schemas of the preview's answers, for the upload page and scripts.
import type { SchemaObject } from '@nestjs/swagger/dist/interfaces/open-api-spec.interface';

const ERROR: SchemaObject = {
  type: 'object',
  properties: {
    field: { type: 'string', example: 'rows[12].taxCode' },
    code: { type: 'string', example: 'TAX_CODE_CHECK_DIGIT' },
    message: { type: 'string' },
    messageVi: { type: 'string' },
    row: { type: 'integer' },
    column: { type: 'string', example: 'Mã số thuế' },
  },
};

const GUESS: SchemaObject = {
  type: 'object',
  description: 'A reading that is not certain',
  properties: {
    column: { type: 'string', example: 'Thời gian' },
    field: { type: 'string', example: 'window' },
    read: { type: 'string', example: 'Từ 01/3/2026', description: 'As written in the file' },
    takenAs: { type: 'string', example: '2026-03-01..2026-12-31' },
    why: { type: 'string' },
    whyVi: { type: 'string' },
  },
};

export const PREVIEW_ROW_SCHEMA: SchemaObject = {
  type: 'object',
  properties: {
    row: { type: 'integer', description: 'Spreadsheet row number (the first row of the record)' },
    continuationRows: { type: 'array', items: { type: 'integer' } },
    enterprise: {
      type: 'object',
      properties: { name: { type: 'string' }, taxCode: { type: 'string' } },
    },
    taxCode: { type: 'string', nullable: true, example: '0100109106' },
    type: { type: 'string', enum: ['thanh-tra', 'kiem-tra'], nullable: true },
    form: { type: 'string', enum: ['on-site', 'remote'], nullable: true },
    field: { type: 'string', nullable: true, example: 'labour' },
    content: { type: 'string', nullable: true },
    window: {
      type: 'object',
      nullable: true,
      properties: {
        from: { type: 'string', example: '2026-03-01' },
        to: { type: 'string', example: '2026-03-31' },
      },
    },
    windowPrecision: { type: 'string', nullable: true, example: 'month' },
    agencies: {
      type: 'object',
      description: 'Codes when resolved; as written when the row has errors',
      properties: {
        lead: { type: 'string', nullable: true },
        participants: { type: 'array', items: { type: 'string' } },
      },
    },
    guesses: { type: 'array', items: GUESS },
    errors: { type: 'array', items: ERROR },
    corrected: { type: 'boolean' },
  },
};

export const PREVIEW_SCHEMA: SchemaObject = {
  type: 'object',
  properties: {
    previewId: { type: 'string' },
    expiresAt: { type: 'string', format: 'date-time' },
    agencyCode: { type: 'string' },
    year: { type: 'integer' },
    kind: { type: 'string', enum: ['annual', 'ad-hoc'] },
    planId: {
      type: 'string',
      nullable: true,
      description: 'null: the commit creates a draft plan',
    },
    sheet: { type: 'string', nullable: true, description: 'The sheet the table was taken from' },
    headerRow: { type: 'integer', nullable: true },
    sheetsTried: { type: 'array', items: { type: 'string' } },
    convertedFrom: {
      type: 'string',
      nullable: true,
      enum: ['TCVN3', 'VNI', 'Windows-1258', null],
    },
    fileErrors: { type: 'array', items: ERROR },
    summary: {
      type: 'object',
      properties: {
        rows: { type: 'integer' },
        certain: { type: 'integer' },
        withGuesses: { type: 'integer' },
        withErrors: { type: 'integer' },
      },
    },
    rows: { type: 'array', items: PREVIEW_ROW_SCHEMA },
    conflicts: {
      type: 'array',
      items: {
        type: 'object',
        properties: {
          id: { type: 'string' },
          ruleId: { type: 'string' },
          rulebook: { type: 'object' },
          severity: { type: 'string', enum: ['block', 'warn'] },
          taxCode: { type: 'string' },
          year: { type: 'integer' },
          rows: { type: 'array', items: { type: 'integer' } },
          inspectionIds: { type: 'array', items: { type: 'string' } },
          explanation: { type: 'object' },
          existingStatus: { type: 'string', nullable: true },
        },
      },
    },
  },
};
