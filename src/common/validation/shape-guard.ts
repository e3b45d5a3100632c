// Shape checks the DTO decorators cannot be trusted with, applied to every validated body and
// query by the global pipe (src/common/errors/validation.ts), so no DTO can forget them:
// - before transformation: nesting depth, array lengths and string lengths are bounded (a
//   3,000-level body would overflow the stack of class-transformer; 100,000 array entries
//   would be stored);
// - after transformation: a property declared @ValidateNested() must hold one object, never an
//   array or a primitive (class-validator validates each element of an array instead, so
//   `window: []` passed and was stored as {from: null, to: null}), and the elements of a
//   @ValidateNested({each: true}) array must be objects too.

import { ValidationError } from '@nestjs/common';
import { getMetadataStorage, ValidationTypes } from 'class-validator';

/** Beyond any DTO of this service (the deepest is 3 levels); well below a stack overflow. */
export const MAX_INPUT_DEPTH = 16;
/** The largest array any DTO takes (tax codes of a meeting scope, conflict ids) is 5,000. */
export const MAX_INPUT_ARRAY = 5_000;
/** The longest text any DTO takes is 20,000 characters (meeting notes). */
export const MAX_INPUT_STRING = 20_000;

const PROTOTYPE_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

export interface RawShapeProblem {
  field: string;
  code: 'TOO_DEEP' | 'ARRAY_TOO_LONG' | 'STRING_TOO_LONG' | 'UNKNOWN_FIELD';
  message: string;
}

/** The first bound the raw input breaks, or undefined. Iterative: no recursion to overflow. */
export function rawShapeProblem(value: unknown, rootName = ''): RawShapeProblem | undefined {
  const stack: { value: unknown; path: string; depth: number }[] = [
    { value, path: rootName, depth: 0 },
  ];
  while (stack.length > 0) {
    const { value: v, path, depth } = stack.pop()!;
    const field = path || '(body)';
    if (typeof v === 'string') {
      if (v.length > MAX_INPUT_STRING)
        return {
          field,
          code: 'STRING_TOO_LONG',
          message: `${field} must be at most ${MAX_INPUT_STRING} characters`,
        };
      continue;
    }
    if (typeof v !== 'object' || v === null || Buffer.isBuffer(v)) continue;
    if (depth >= MAX_INPUT_DEPTH)
      return {
        field,
        code: 'TOO_DEEP',
        message: `${field} is nested deeper than ${MAX_INPUT_DEPTH} levels`,
      };
    if (Array.isArray(v)) {
      if (v.length > MAX_INPUT_ARRAY)
        return {
          field,
          code: 'ARRAY_TOO_LONG',
          message: `${field} must have at most ${MAX_INPUT_ARRAY} entries`,
        };
      v.forEach((item, i) => stack.push({ value: item, path: `${path}.${i}`, depth: depth + 1 }));
      continue;
    }
    for (const [key, item] of Object.entries(v as Record<string, unknown>)) {
      const child = path ? `${path}.${key}` : key;
      // Never a field of any DTO; class-transformer drops them silently, so say so here.
      if (PROTOTYPE_KEYS.has(key))
        return { field: child, code: 'UNKNOWN_FIELD', message: `${child} is not a known field` };
      stack.push({ value: item, path: child, depth: depth + 1 });
    }
  }
  return undefined;
}

function isOneObject(value: unknown): boolean {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

interface NestedProperty {
  /** @ValidateNested({each: true}): an array of objects. */
  each: boolean;
  /** @IsOptional(): may be absent (class-validator skips a missing nested object silently). */
  optional: boolean;
}

/** Nested-validation properties of a DTO class, cached per class. */
const nestedCache = new WeakMap<object, Map<string, NestedProperty>>();
/** A DTO class (class-validator keys its metadata by constructor). */
type DtoClass = abstract new (...args: never[]) => unknown;
function nestedProperties(target: DtoClass): Map<string, NestedProperty> {
  const cached = nestedCache.get(target);
  if (cached) return cached;
  const metadata = getMetadataStorage().getTargetValidationMetadatas(target, '', true, false);
  const optional = new Set(
    metadata
      .filter((m) => m.type === ValidationTypes.CONDITIONAL_VALIDATION)
      .map((m) => m.propertyName),
  );
  const nested = new Map<string, NestedProperty>();
  for (const m of metadata) {
    if (m.type !== ValidationTypes.NESTED_VALIDATION) continue;
    const each = (nested.get(m.propertyName)?.each ?? false) || m.each === true;
    nested.set(m.propertyName, { each, optional: optional.has(m.propertyName) });
  }
  nestedCache.set(target, nested);
  return nested;
}

/**
 * ValidationErrors (class-validator's shape, so they flatten like the others) for every
 * nested property of `entity` that does not hold the object its DTO declares, or is missing
 * without @IsOptional().
 */
export function nestedShapeErrors(entity: unknown, depth = 0): ValidationError[] {
  if (!isOneObject(entity) || depth > MAX_INPUT_DEPTH) return [];
  const errors: ValidationError[] = [];
  const record = entity as Record<string, unknown>;
  for (const [property, { each, optional }] of nestedProperties(
    (entity as object).constructor as DtoClass,
  )) {
    const value = record[property];
    if (value === undefined || value === null) {
      if (!optional)
        errors.push({
          property,
          value,
          constraints: { isDefined: `${property} is required` },
          children: [],
        });
      continue;
    }
    if (!each) {
      if (!isOneObject(value)) {
        errors.push({
          property,
          value,
          constraints: { isObject: `${property} must be an object (not an array or a value)` },
          children: [],
        });
        continue;
      }
      const children = nestedShapeErrors(value, depth + 1);
      if (children.length) errors.push({ property, value, children });
      continue;
    }
    if (!Array.isArray(value)) continue; // @IsArray reports it
    const children: ValidationError[] = [];
    value.forEach((item, i) => {
      if (!isOneObject(item))
        children.push({
          property: String(i),
          value: item,
          constraints: { isObject: `${property}.${i} must be an object (not an array or a value)` },
          children: [],
        });
      else {
        const inner = nestedShapeErrors(item, depth + 1);
        if (inner.length) children.push({ property: String(i), value: item, children: inner });
      }
    });
    if (children.length) errors.push({ property, value, children });
  }
  return errors;
}
