import { EJSON, type Document } from 'bson';

// Helpers over deserialized BSON values: MongoDB's cross-type comparison order, hashable
// keys for indexes, path traversal, and cloning that keeps bson classes intact.

type BsonTagged = { _bsontype: string };

function bsonType(value: unknown): string | undefined {
  return typeof value === 'object' && value !== null
    ? (value as Partial<BsonTagged>)._bsontype
    : undefined;
}

/** Marks an empty array reached at the end of a path (indexed and sorted as its own value). */
export const EMPTY_ARRAY = Symbol('emptyArray');

/** Plain embedded document: not an array, Date, RegExp or bson class instance. */
export function isPlainObject(value: unknown): value is Document {
  return (
    typeof value === 'object' &&
    value !== null &&
    !Array.isArray(value) &&
    !(value instanceof Date) &&
    !(value instanceof RegExp) &&
    bsonType(value) === undefined
  );
}

// Canonical type ranks from https://www.mongodb.com/docs/manual/reference/bson-type-comparison-order/
const RANK_MIN_KEY = 1;
const RANK_EMPTY_ARRAY = 1.5; // sorts before null/missing (documented for sort keys)
const RANK_NULL = 2;
const RANK_NUMBER = 3;
const RANK_STRING = 4;
const RANK_OBJECT = 5;
const RANK_ARRAY = 6;
const RANK_BINARY = 7;
const RANK_OBJECT_ID = 8;
const RANK_BOOLEAN = 9;
const RANK_DATE = 10;
const RANK_TIMESTAMP = 11;
const RANK_REGEX = 12;
const RANK_CODE = 12.5;
const RANK_MAX_KEY = 13;

export function typeRank(value: unknown): number {
  if (value === undefined || value === null) return RANK_NULL;
  if (value === EMPTY_ARRAY) return RANK_EMPTY_ARRAY;
  switch (typeof value) {
    case 'number':
    case 'bigint':
      return RANK_NUMBER;
    case 'string':
      return RANK_STRING;
    case 'boolean':
      return RANK_BOOLEAN;
  }
  if (Array.isArray(value)) return RANK_ARRAY;
  if (value instanceof Date) return RANK_DATE;
  if (value instanceof RegExp) return RANK_REGEX;
  switch (bsonType(value)) {
    case undefined:
      return RANK_OBJECT;
    case 'Int32':
    case 'Double':
    case 'Long':
    case 'Decimal128':
      return RANK_NUMBER;
    case 'BSONSymbol':
      return RANK_STRING;
    case 'Binary':
      return RANK_BINARY;
    case 'ObjectId':
      return RANK_OBJECT_ID;
    case 'Timestamp':
      return RANK_TIMESTAMP;
    case 'BSONRegExp':
      return RANK_REGEX;
    case 'MinKey':
      return RANK_MIN_KEY;
    case 'MaxKey':
      return RANK_MAX_KEY;
    case 'Code':
      return RANK_CODE;
    default:
      return RANK_OBJECT; // DBRef and anything else document-like
  }
}

function toNumber(value: unknown): number {
  if (typeof value === 'number') return value;
  if (typeof value === 'bigint') return Number(value);
  const tagged = value as {
    _bsontype: string;
    toNumber?: () => number;
    valueOf: () => unknown;
    toString(): string;
  };
  if (tagged._bsontype === 'Decimal128') return Number(tagged.toString());
  if (tagged.toNumber) return tagged.toNumber();
  return Number(tagged.valueOf());
}

const cmp = (a: number | string, b: number | string): number => (a < b ? -1 : a > b ? 1 : 0);

function compareBytes(a: Uint8Array, b: Uint8Array): number {
  return Buffer.compare(
    Buffer.from(a.buffer, a.byteOffset, a.byteLength),
    Buffer.from(b.buffer, b.byteOffset, b.byteLength),
  );
}

/** Total order over BSON values as mongod compares them (no collation: strings by code unit). */
export function compareValues(a: unknown, b: unknown): number {
  // The common cases first: two strings, two numbers (NaN below every number, as below).
  if (typeof a === 'string' && typeof b === 'string') return a < b ? -1 : a > b ? 1 : 0;
  if (typeof a === 'number' && typeof b === 'number' && !Number.isNaN(a) && !Number.isNaN(b))
    return a < b ? -1 : a > b ? 1 : 0;
  const rankA = typeRank(a);
  const rankB = typeRank(b);
  if (rankA !== rankB) return rankA < rankB ? -1 : 1;
  switch (rankA) {
    case RANK_NULL:
    case RANK_EMPTY_ARRAY:
    case RANK_MIN_KEY:
    case RANK_MAX_KEY:
      return 0;
    case RANK_NUMBER: {
      const x = toNumber(a);
      const y = toNumber(b);
      // NaN sorts below every other number in MongoDB.
      if (Number.isNaN(x) || Number.isNaN(y))
        return Number.isNaN(x) ? (Number.isNaN(y) ? 0 : -1) : 1;
      return cmp(x, y);
    }
    case RANK_STRING:
      return cmp(String(a), String(b));
    case RANK_BOOLEAN:
      return cmp(Number(a), Number(b));
    case RANK_DATE: {
      const x = (a as Date).getTime();
      const y = (b as Date).getTime();
      // An invalid Date (out of range when decoded) sorts first, so the order stays total.
      if (Number.isNaN(x) || Number.isNaN(y))
        return Number.isNaN(x) ? (Number.isNaN(y) ? 0 : -1) : 1;
      return cmp(x, y);
    }
    case RANK_OBJECT_ID:
      return compareBytes((a as { id: Uint8Array }).id, (b as { id: Uint8Array }).id);
    case RANK_BINARY: {
      const x = a as { buffer: Uint8Array; position: number; sub_type: number };
      const y = b as { buffer: Uint8Array; position: number; sub_type: number };
      const bytesX = x.buffer.subarray(0, x.position);
      const bytesY = y.buffer.subarray(0, y.position);
      return (
        cmp(bytesX.length, bytesY.length) ||
        cmp(x.sub_type, y.sub_type) ||
        compareBytes(bytesX, bytesY)
      );
    }
    case RANK_TIMESTAMP: {
      const x = a as { t: number; i: number };
      const y = b as { t: number; i: number };
      return cmp(x.t, y.t) || cmp(x.i, y.i);
    }
    case RANK_REGEX: {
      const x = regexParts(a);
      const y = regexParts(b);
      return cmp(x[0], y[0]) || cmp(x[1], y[1]);
    }
    case RANK_ARRAY: {
      const xs = a as unknown[];
      const ys = b as unknown[];
      for (let i = 0; i < Math.min(xs.length, ys.length); i++) {
        const c = compareValues(xs[i], ys[i]);
        if (c) return c;
      }
      return cmp(xs.length, ys.length);
    }
    case RANK_OBJECT: {
      // Pairwise in field order: value type, then field name, then value.
      const ex = Object.entries(a as Document);
      const ey = Object.entries(b as Document);
      for (let i = 0; i < Math.min(ex.length, ey.length); i++) {
        const c =
          cmp(typeRank(ex[i][1]), typeRank(ey[i][1])) ||
          cmp(ex[i][0], ey[i][0]) ||
          compareValues(ex[i][1], ey[i][1]);
        if (c) return c;
      }
      return cmp(ex.length, ey.length);
    }
    default:
      return cmp(String(a), String(b));
  }
}

function regexParts(value: unknown): [string, string] {
  if (value instanceof RegExp) return [value.source, value.flags];
  const r = value as { pattern: string; options: string };
  return [r.pattern, r.options];
}

export function valuesEqual(a: unknown, b: unknown): boolean {
  return compareValues(a, b) === 0;
}

/**
 * A string that is equal for two values exactly when mongod treats them as the same index key
 * (1, 1.0 and Long(1) coincide; null and missing coincide).
 */
export function indexKeyOf(value: unknown): string {
  if (value === undefined || value === null) return 'n';
  if (value === EMPTY_ARRAY) return 'e';
  switch (typeof value) {
    case 'string':
      return 's' + value;
    case 'number':
      return 'd' + (value === 0 ? 0 : value);
    case 'bigint':
      return 'd' + (Number.isSafeInteger(Number(value)) ? Number(value) : value.toString());
    case 'boolean':
      return value ? 'b1' : 'b0';
  }
  if (value instanceof Date) return 't' + value.getTime();
  const type = bsonType(value);
  if (type === 'ObjectId') return 'o' + (value as { toHexString(): string }).toHexString();
  if (type === 'Int32' || type === 'Double' || type === 'Long' || type === 'Decimal128') {
    const n = toNumber(value);
    return Number.isSafeInteger(n) || !Number.isInteger(n)
      ? 'd' + (n === 0 ? 0 : n)
      : 'D' + String(value);
  }
  if (type === 'Binary') {
    const b = value as { buffer: Uint8Array; position: number; sub_type: number };
    return (
      'B' + b.sub_type + ':' + Buffer.from(b.buffer.subarray(0, b.position)).toString('base64')
    );
  }
  return 'x' + EJSON.stringify(value as Document, { relaxed: false });
}

/**
 * All values reached by a dotted path, expanding arrays like mongod's multikey indexes:
 * `undefined` stands for "missing", EMPTY_ARRAY for a terminal empty array.
 */
export function valuesAtPath(doc: unknown, path: string | string[]): unknown[] {
  const parts = typeof path === 'string' ? path.split('.') : path;
  const out: unknown[] = [];
  collectPathValues(doc, parts, 0, out, true);
  return out;
}

function collectPathValues(
  value: unknown,
  parts: string[],
  i: number,
  out: unknown[],
  expandTerminal: boolean,
): void {
  if (i === parts.length) {
    if (Array.isArray(value) && expandTerminal) {
      if (value.length === 0) out.push(EMPTY_ARRAY);
      else for (const element of value) out.push(element);
    } else {
      out.push(value);
    }
    return;
  }
  if (Array.isArray(value)) {
    const part = parts[i];
    if (/^\d+$/.test(part) && Number(part) < value.length) {
      collectPathValues(value[Number(part)], parts, i + 1, out, expandTerminal);
      return;
    }
    let found = false;
    for (const element of value) {
      if (isPlainObject(element)) {
        found = true;
        collectPathValues(element, parts, i, out, expandTerminal);
      }
    }
    if (!found) out.push(undefined);
    return;
  }
  if (isPlainObject(value) && Object.prototype.hasOwnProperty.call(value, parts[i])) {
    collectPathValues(value[parts[i]], parts, i + 1, out, expandTerminal);
    return;
  }
  out.push(undefined);
}

/** The value stored at a dotted path, without array expansion (undefined when missing). */
export function getPath(doc: Document, path: string): unknown {
  let value: unknown = doc;
  for (const part of path.split('.')) {
    if (Array.isArray(value) && /^\d+$/.test(part)) value = value[Number(part)];
    else if (isPlainObject(value)) value = value[part];
    else return undefined;
  }
  return value;
}

/** Sets a dotted path, creating embedded documents on the way (used to seed upserts). */
export function setPath(doc: Document, path: string, value: unknown): void {
  const parts = path.split('.');
  let target: Document = doc;
  for (let i = 0; i < parts.length - 1; i++) {
    const next = target[parts[i]];
    if (!isPlainObject(next) && !Array.isArray(next)) target[parts[i]] = {};
    target = target[parts[i]] as Document;
  }
  target[parts[parts.length - 1]] = value;
}

/** Deep copy of documents and arrays; bson class instances are immutable and shared. */
export function deepClone<T>(value: T): T {
  if (Array.isArray(value)) return value.map(deepClone) as T;
  if (value instanceof Date) return new Date(value.getTime()) as T;
  if (isPlainObject(value)) {
    const copy: Document = {};
    for (const key of Object.keys(value)) copy[key] = deepClone(value[key]);
    return copy as T;
  }
  return value;
}

/** The value a sort on `path` uses for one document: min (asc) / max (desc) of array elements. */
export function sortKeyOf(doc: Document, path: string, direction: 1 | -1): unknown {
  const values = valuesAtPath(doc, path);
  let best = values[0];
  for (let i = 1; i < values.length; i++) {
    const c = compareValues(values[i], best);
    if (direction === 1 ? c < 0 : c > 0) best = values[i];
  }
  return best;
}

/** Renders a key value the way mongod prints it in E11000 messages: { email: "a@b.c" }. */
export function formatKeyValue(keyValue: Document): string {
  const parts = Object.entries(keyValue).map(([field, value]) => `${field}: ${formatValue(value)}`);
  return parts.length ? `{ ${parts.join(', ')} }` : '{}';
}

function formatValue(value: unknown): string {
  if (value === undefined || value === null) return 'null';
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value !== 'object') return String(value);
  if (value instanceof Date) return `new Date(${value.getTime()})`;
  const type = bsonType(value);
  if (type === 'ObjectId')
    return `ObjectId('${(value as { toHexString(): string }).toHexString()}')`;
  if (type === 'Decimal128') return `Decimal128('${String(value)}')`;
  if (Array.isArray(value)) return `[ ${value.map(formatValue).join(', ')} ]`;
  if (isPlainObject(value)) return formatKeyValue(value);
  return EJSON.stringify(value as Document, { relaxed: true });
}
