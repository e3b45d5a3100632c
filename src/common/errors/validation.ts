import { ArgumentMetadata, ValidationError, ValidationPipe } from '@nestjs/common';
import type { ValidatorOptions } from 'class-validator';
import { nestedShapeErrors, rawShapeProblem } from '../validation/shape-guard';
import { ErrorDetail, InvalidInputError } from './domain-errors';

/** class-validator constraint names → stable API codes (isNotEmpty → IS_NOT_EMPTY). */
function constraintCode(name: string): string {
  if (name === 'whitelistValidation') return 'UNKNOWN_FIELD';
  return name.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toUpperCase();
}

export function flattenValidationErrors(errors: ValidationError[], prefix = ''): ErrorDetail[] {
  const details: ErrorDetail[] = [];
  for (const error of errors) {
    const field = prefix ? `${prefix}.${error.property}` : error.property;
    for (const [name, message] of Object.entries(error.constraints ?? {})) {
      details.push({
        field,
        code: constraintCode(name),
        message: name === 'whitelistValidation' ? `${field} is not a known field` : message,
      });
    }
    if (error.children?.length) details.push(...flattenValidationErrors(error.children, field));
  }
  return details;
}

function invalid(details: ErrorDetail[]): InvalidInputError {
  return new InvalidInputError(
    'VALIDATION_FAILED',
    `Invalid request: ${details.map((d) => `${d.field} (${d.message})`).join('; ')}`,
    details,
  );
}

/**
 * The validation pipe plus the shape guard (src/common/validation/shape-guard.ts): bounds on
 * the raw input before class-transformer walks it, and "one object" for every nested DTO
 * property after. A shape error replaces whatever class-validator said about the same
 * property (its per-element errors of an array would only confuse).
 */
class ShapeGuardedValidationPipe extends ValidationPipe {
  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    if (metadata.type === 'body' || metadata.type === 'query') {
      const problem = rawShapeProblem(value, metadata.data ?? '');
      if (problem) throw invalid([problem]);
    }
    return super.transform(value, metadata);
  }

  protected override async validate(
    object: object,
    validatorOptions?: ValidatorOptions,
  ): Promise<ValidationError[]> {
    const shape = nestedShapeErrors(object);
    const errors = await super.validate(object, validatorOptions);
    if (shape.length === 0) return errors;
    const replaced = new Set(shape.map((e) => e.property));
    return [...shape, ...errors.filter((e) => !replaced.has(e.property))];
  }
}

/** Global validation: unknown fields rejected, types transformed, every failure named. */
export function createValidationPipe(): ValidationPipe {
  return new ShapeGuardedValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    transformOptions: { enableImplicitConversion: false },
    exceptionFactory: (errors) => invalid(flattenValidationErrors(errors)),
  });
}
