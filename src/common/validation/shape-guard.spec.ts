import 'reflect-metadata';
import type { ValidationError } from '@nestjs/common';
import { Type } from 'class-transformer';
import { IsOptional, IsString, ValidateNested } from 'class-validator';
import {
  MAX_INPUT_ARRAY,
  MAX_INPUT_DEPTH,
  MAX_INPUT_STRING,
  nestedShapeErrors,
  rawShapeProblem,
} from './shape-guard';

class Inner {
  @IsString() a: string;
}
class Outer {
  @ValidateNested() @Type(() => Inner) required: Inner;
  @IsOptional() @ValidateNested() @Type(() => Inner) optional?: Inner;
  @IsOptional() @ValidateNested({ each: true }) @Type(() => Inner) many?: Inner[];
}
const outer = (fields: Record<string, unknown>) =>
  Object.assign(new Outer(), { required: Object.assign(new Inner(), { a: 'x' }), ...fields });
function flat(e: ValidationError, prefix = ''): string[] {
  const field = prefix ? `${prefix}.${e.property}` : e.property;
  return [
    ...Object.keys(e.constraints ?? {}).map((c) => `${field}:${c}`),
    ...(e.children ?? []).flatMap((c) => flat(c, field)),
  ];
}
const fieldsOf = (entity: unknown) => nestedShapeErrors(entity).flatMap((e) => flat(e));

describe('nestedShapeErrors', () => {
  it('accepts one object where one is declared, and an absent optional one', () => {
    expect(fieldsOf(outer({}))).toEqual([]);
    expect(fieldsOf(outer({ many: [new Inner()] }))).toEqual([]);
  });
  it.each([[[]], [[new Inner()]], ['x'], [3], [true]])(
    'refuses %j where an object is declared',
    (bad) => {
      expect(fieldsOf(outer({ optional: bad }))).toEqual(['optional:isObject']);
      expect(fieldsOf(outer({ required: bad }))).toEqual(['required:isObject']);
    },
  );
  it('refuses a missing nested object that is not optional', () => {
    expect(fieldsOf(outer({ required: undefined }))).toEqual(['required:isDefined']);
  });
  it('refuses elements of an array of objects that are not objects', () => {
    expect(fieldsOf(outer({ many: [new Inner(), [], 'x'] }))).toEqual([
      'many.1:isObject',
      'many.2:isObject',
    ]);
  });
});

describe('rawShapeProblem', () => {
  const deep = (n: number) => {
    let v: unknown = 1;
    for (let i = 0; i < n; i++) v = { a: v };
    return v;
  };
  it('passes ordinary input', () => {
    expect(rawShapeProblem({ a: [1, 'x', { b: null }] })).toBeUndefined();
    expect(rawShapeProblem(deep(MAX_INPUT_DEPTH))).toBeUndefined();
  });
  it('bounds depth without recursing (100,000 levels)', () => {
    expect(rawShapeProblem(deep(MAX_INPUT_DEPTH + 1))?.code).toBe('TOO_DEEP');
    expect(rawShapeProblem(deep(100_000))?.code).toBe('TOO_DEEP');
  });
  it('bounds arrays and strings, naming the field', () => {
    expect(rawShapeProblem({ x: { y: new Array(MAX_INPUT_ARRAY + 1).fill(0) } })).toMatchObject({
      field: 'x.y',
      code: 'ARRAY_TOO_LONG',
    });
    expect(rawShapeProblem({ x: new Array(MAX_INPUT_ARRAY).fill(0) })).toBeUndefined();
    expect(rawShapeProblem({ s: 'a'.repeat(MAX_INPUT_STRING + 1) })).toMatchObject({
      field: 's',
      code: 'STRING_TOO_LONG',
    });
    expect(rawShapeProblem({ s: 'a'.repeat(MAX_INPUT_STRING) })).toBeUndefined();
  });
  it('refuses prototype keys', () => {
    expect(rawShapeProblem(JSON.parse('{"w":{"__proto__":{"x":1}}}'))).toMatchObject({
      field: 'w.__proto__',
      code: 'UNKNOWN_FIELD',
    });
  });
});
