import type { Document } from 'bson';
import { asCommandError, CommandError } from '../errors';
import { adminCommands } from './admin';
import type { CommandContext, CommandHandler } from './context';
import { crudCommands } from './crud';
import { handshakeCommands, transactionsRefused } from './handshake';

export type { CommandContext } from './context';

const handlers: Record<string, CommandHandler> = {
  ...handshakeCommands,
  ...crudCommands,
  ...adminCommands,
};

/**
 * Commands that are acknowledged without waiting for the journal unless they recorded
 * something themselves (an aggregate with $out does). Others always wait for what is in flight.
 */
const NO_WRITES = new Set([
  'aggregate',
  'listCollections',
  'listIndexes',
  'listDatabases',
  'explain',
  'dbStats',
  'collStats',
  'hello',
  'isMaster',
  'ismaster',
  'ping',
  'buildInfo',
  'buildinfo',
  'find',
  'getMore',
  'count',
  'distinct',
]);

export function commandName(command: Document): string {
  return Object.keys(command)[0] ?? '';
}

export function isReadOnlyCommand(name: string): boolean {
  return NO_WRITES.has(name);
}

/** Runs one command synchronously and returns mongod's reply shape (errors included). */
export function runCommand(ctx: CommandContext): Document {
  const name = commandName(ctx.command);
  const handler = Object.prototype.hasOwnProperty.call(handlers, name) ? handlers[name] : undefined;
  try {
    if (!handler) throw new CommandError('CommandNotFound', `no such command: '${name}'`);
    // A standalone refuses transaction numbers before looking at the command itself.
    if (ctx.command.txnNumber !== undefined) throw transactionsRefused();
    return handler(ctx);
  } catch (error) {
    return asCommandError(error).toReply();
  }
}
