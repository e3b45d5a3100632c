import { randomInt } from 'node:crypto';

/** No 0/O, 1/I/L, U: a code read aloud or typed from paper cannot be misread. */
export const CODE_ALPHABET = '23456789ABCDEFGHJKMNPQRSTVWXYZ';
const LENGTH = 8; // 30^8 ≈ 6.6·10^11 codes: not guessable one by one, short enough to type

/** A new random code, written XXXX-XXXX. */
export function newRegistrationCode(draw: (max: number) => number = randomInt): string {
  let code = '';
  for (let i = 0; i < LENGTH; i++) code += CODE_ALPHABET[draw(CODE_ALPHABET.length)];
  return `${code.slice(0, 4)}-${code.slice(4)}`;
}

/** What people type: any case, with or without the dash or spaces; undefined if not a code. */
export function normalizeRegistrationCode(input: string): string | undefined {
  const raw = input.toUpperCase().replace(/[\s-]/g, '');
  if (raw.length !== LENGTH || [...raw].some((c) => !CODE_ALPHABET.includes(c))) return undefined;
  return `${raw.slice(0, 4)}-${raw.slice(4)}`;
}

/** An approved inspection's public registration, as printed on the meeting minutes. */
export interface InspectionRegistration {
  inspectionId: string;
  /** The short code an enterprise checks at /verify/:code. */
  code: string;
  verifyUrl: string;
  /** The QR code of `verifyUrl`, as PNG. */
  qrPng: Buffer;
  /** Who inspects whom, in Vietnamese. */
  label: string;
}
