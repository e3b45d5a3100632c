import type { Document } from 'bson';
import { CommandError } from '../errors';
import type { CommandContext, CommandHandler } from './context';

// Answers as a standalone mongod 7.0 would: no setName, no topologyVersion (so drivers poll
// instead of streaming), no compression, sessions supported.
export const SERVER_VERSION = '7.0.0';
export const MAX_WIRE_VERSION = 21;
const MAX_BSON_OBJECT_SIZE = 16 * 1024 * 1024;

function helloReply(ctx: CommandContext, legacy: boolean): Document {
  const reply: Document = {};
  if (ctx.command.helloOk === true) reply.helloOk = true;
  if (legacy) reply.ismaster = true;
  else reply.isWritablePrimary = true;
  Object.assign(reply, {
    maxBsonObjectSize: MAX_BSON_OBJECT_SIZE,
    maxMessageSizeBytes: 48_000_000,
    maxWriteBatchSize: 100_000,
    localTime: new Date(),
    logicalSessionTimeoutMinutes: 30,
    connectionId: ctx.connectionId,
    minWireVersion: 0,
    maxWireVersion: MAX_WIRE_VERSION,
    readOnly: false,
    ok: 1,
  });
  return reply;
}

const buildInfo: CommandHandler = () => ({
  version: SERVER_VERSION,
  gitVersion: 'embedded',
  versionArray: [7, 0, 0, 0],
  bits: 64,
  debug: false,
  maxBsonObjectSize: MAX_BSON_OBJECT_SIZE,
  storageEngines: ['embedded'],
  javascriptEngine: 'none',
  modules: [],
  ok: 1,
});

const TRANSACTIONS_NEED_REPLICA_SET =
  'Transaction numbers are only allowed on a replica set member or mongos';

export const handshakeCommands: Record<string, CommandHandler> = {
  hello: (ctx) => helloReply(ctx, false),
  isMaster: (ctx) => helloReply(ctx, true),
  ismaster: (ctx) => helloReply(ctx, true),
  ping: () => ({ ok: 1 }),
  buildInfo,
  buildinfo: buildInfo,
  whatsmyuri: () => ({ you: '127.0.0.1:0', ok: 1 }),
  getParameter: (ctx) => {
    const reply: Document = { ok: 1 };
    if (ctx.command.featureCompatibilityVersion)
      reply.featureCompatibilityVersion = { version: '7.0' };
    if (ctx.command.ttlMonitorEnabled !== undefined || ctx.command.getParameter === '*')
      reply.ttlMonitorEnabled = ctx.catalog.ttlMonitorEnabled;
    return reply;
  },
  // Only the TTL monitor's switch, as mongod names it; anything else is refused.
  setParameter: (ctx) => {
    const { setParameter: _, ...parameters } = ctx.command;
    const names = Object.keys(parameters).filter((n) => !n.startsWith('$') && n !== 'lsid');
    if (names.length !== 1 || names[0] !== 'ttlMonitorEnabled')
      throw new CommandError('InvalidOptions', `unsupported parameter: ${names.join(', ')}`);
    if (typeof parameters.ttlMonitorEnabled !== 'boolean')
      throw new CommandError('TypeMismatch', 'ttlMonitorEnabled must be a boolean');
    const was = ctx.catalog.ttlMonitorEnabled;
    ctx.catalog.ttlMonitorEnabled = parameters.ttlMonitorEnabled;
    return { was, ok: 1 };
  },
  getCmdLineOpts: () => ({ argv: ['embedded-mongo'], parsed: {}, ok: 1 }),
  hostInfo: () => ({
    system: { currentTime: new Date(), hostname: 'localhost', numCores: 1 },
    os: {},
    extra: {},
    ok: 1,
  }),
  serverStatus: (ctx) => ({
    host: 'localhost',
    version: SERVER_VERSION,
    process: 'mongod',
    uptime: Math.floor((Date.now() - ctx.startedAt.getTime()) / 1000),
    localTime: new Date(),
    ok: 1,
  }),
  connectionStatus: () => ({
    authInfo: { authenticatedUsers: [], authenticatedUserRoles: [] },
    ok: 1,
  }),
  // Sessions are accepted and forgotten: nothing here keeps per-session state.
  endSessions: () => ({ ok: 1 }),
  killSessions: () => ({ ok: 1 }),
  killAllSessions: () => ({ ok: 1 }),
  refreshSessions: () => ({ ok: 1 }),
  startSession: () => {
    throw new CommandError(
      'IllegalOperation',
      'startSession is not supported by the embedded server',
    );
  },
  commitTransaction: () => {
    throw new CommandError('IllegalOperation', TRANSACTIONS_NEED_REPLICA_SET);
  },
  abortTransaction: () => {
    throw new CommandError('IllegalOperation', TRANSACTIONS_NEED_REPLICA_SET);
  },
};

/** What mongod answers when a transaction number reaches a standalone. */
export function transactionsRefused(): CommandError {
  return new CommandError('IllegalOperation', TRANSACTIONS_NEED_REPLICA_SET);
}
