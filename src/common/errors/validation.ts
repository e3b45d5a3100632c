import { ValidationError, ValidationPipe } from '@nestjs/common';
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

/** Global validation: unknown fields rejected, types transformed, every failure named. */
export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    transformOptions: { enableImplicitConversion: false },
    exceptionFactory: (errors) => {
      const details = flattenValidationErrors(errors);
      return new InvalidInputError(
        'VALIDATION_FAILED',
        `Invalid request: ${details.map((d) => `${d.field} (${d.message})`).join('; ')}`,
        details,
      );
    },
  });
}
