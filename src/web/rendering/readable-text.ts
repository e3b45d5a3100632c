/** An inspection's id as the engine writes it into an explanation: " [uuid]". */
const RECORD_ID = / ?\[[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\]/gi;

/**
 * An engine explanation as a person reads it: without the record ids that tell apart two
 * inspections of the same agency (the page lists each one beside it, with its link).
 */
export function withoutRecordIds(text: unknown): string {
  return String(text ?? '').replace(RECORD_ID, '');
}
