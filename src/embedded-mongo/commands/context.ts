import type { Document } from 'bson';
import type { Catalog } from '../catalog';
import type { CursorRegistry } from '../cursors';
import { CommandError } from '../errors';

/** Everything a command handler may use. Handlers are synchronous: a command is atomic. */
export interface CommandContext {
  catalog: Catalog;
  cursors: CursorRegistry;
  /** The database the command runs against ($db, or the OP_QUERY namespace). */
  db: string;
  command: Document;
  connectionId: number;
  startedAt: Date;
}

export type CommandHandler = (ctx: CommandContext) => Document;

export function requireString(command: Document, field: string): string {
  const value = command[field];
  if (typeof value !== 'string' || value === '') {
    throw new CommandError('InvalidNamespace', `collection name has invalid type ${typeof value}`);
  }
  return value;
}

/** Numeric command options arrive as int32, double or promoted long: all are JS numbers here. */
export function optionalNumber(command: Document, field: string): number | undefined {
  const value = command[field];
  if (value === undefined || value === null) return undefined;
  const n = Number(typeof value === 'object' ? (value as { valueOf(): unknown }).valueOf() : value);
  return Number.isFinite(n) ? n : undefined;
}
