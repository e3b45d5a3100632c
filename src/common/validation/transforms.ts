// class-transformer helpers shared by the DTOs: input is normalised before it is validated.

type TransformInput = { value: unknown };

/** Text as people typed it, NFC-normalised (files and browsers may send NFD) and trimmed. */
export const trimNfc = ({ value }: TransformInput) =>
  typeof value === 'string' ? value.normalize('NFC').trim() : value;

/** Codes (agency codes) compare upper-case. */
export const upper = ({ value }: TransformInput) =>
  typeof value === 'string' ? value.trim().toUpperCase() : value;

export const upperAll = ({ value }: TransformInput) =>
  Array.isArray(value)
    ? value.map((v) => (typeof v === 'string' ? v.trim().toUpperCase() : v))
    : value;

export const trimmed = ({ value }: TransformInput) =>
  typeof value === 'string' ? value.trim() : value;
