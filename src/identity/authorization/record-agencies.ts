/**
 * The agency a record belongs to, for the route guard's scope check. A port: the registry
 * provides it, identity does not know plans. null: no such record (the route answers 404).
 */
export abstract class RecordAgencies {
  abstract ofPlan(id: string): Promise<string | null>;
  abstract ofInspection(id: string): Promise<string | null>;
  /** The agencies an inspection involves: registering, lead, participants. */
  abstract involvedInInspection(id: string): Promise<string[] | null>;
}
