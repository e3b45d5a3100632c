import * as net from 'node:net';
import * as path from 'node:path';
import type { Document } from 'bson';
import { Catalog } from './catalog';
import { type ChangeSink } from './collection';
import { commandName, isReadOnlyCommand, runCommand } from './commands';
import { CursorRegistry } from './cursors';
import { CommandError } from './errors';
import { Journal, type CompactionStep } from './journal';
import {
  ALLOWED_BEFORE_AUTH,
  SCRAM_MECHANISM,
  ScramConversation,
  scramKeys,
  type EmbeddedCredentials,
} from './scram';
import {
  encodeOpMsgReply,
  encodeOpReply,
  MessageFramer,
  OP_MSG,
  parseMessage,
  type IncomingCommand,
} from './wire';

export interface EmbeddedMongoOptions {
  /** Interface to listen on; loopback by default. */
  host?: string;
  /** TCP port; 0 (default) picks a free ephemeral port. */
  port?: number;
  /** Data folder; undefined keeps everything in memory only. */
  dbPath?: string;
  log?: (msg: string) => void;
  /**
   * Serve clients of other machines. Off by default: without `credentials` the server asks for none, so it
   * listens on loopback only and drops any connection that does not come from this machine.
   */
  allowRemote?: boolean;
  /**
   * The one account clients must authenticate as (SCRAM-SHA-256). A service starting its own
   * server passes a secret made at start, so other local users cannot use the port.
   */
  credentials?: EmbeddedCredentials;
  /**
   * With `dbPath`: the journal is compacted into the snapshot, while serving, once it exceeds
   * both the last snapshot's size and this many bytes (default 16 MiB).
   */
  compactionFloorBytes?: number;
  /** Awaited after each step of a running compaction (tests pause or copy the files there). */
  onCompactionStep?: (step: CompactionStep) => void | Promise<void>;
}

const LOOPBACK = /^(127\.|::1$|::ffff:127\.)/;

/** mongod's TTL monitor runs every 60 seconds. */
const TTL_MONITOR_INTERVAL_MS = 60_000;

/** Forwards journal entries to the journal once it is open (entries during replay are dropped). */
class JournalSink implements ChangeSink {
  journal?: Journal;
  record(entry: Document): void {
    this.journal?.record(entry);
  }
}

/**
 * An in-process server speaking MongoDB's wire protocol, for machines where no real mongod can
 * be had. See README.md for what it supports and the durability it guarantees.
 */
export class EmbeddedMongoServer {
  readonly host: string;
  readonly port: number;
  readonly uri: string;
  readonly dbPath?: string;

  private readonly sockets = new Set<net.Socket>();
  private nextRequestId = 1;
  private nextConnectionId = 1;
  private stopping?: Promise<void>;
  private readonly startedAt = new Date();
  private readonly ttlMonitor: NodeJS.Timeout;
  private readonly conversations = new Map<number, ScramConversation>();
  private readonly account?: { username: string; keys: ReturnType<typeof scramKeys> };

  private constructor(
    private readonly server: net.Server,
    private readonly catalog: Catalog,
    private readonly cursors: CursorRegistry,
    private readonly journal: Journal | undefined,
    private readonly log: (msg: string) => void,
    host: string,
    port: number,
    dbPath: string | undefined,
    credentials: EmbeddedCredentials | undefined,
  ) {
    this.host = host;
    this.port = port;
    this.dbPath = dbPath;
    const hostPort = `${host.includes(':') ? `[${host}]` : host}:${port}`;
    if (credentials) {
      this.account = { username: credentials.username, keys: scramKeys(credentials.password) };
      const user = `${encodeURIComponent(credentials.username)}:${encodeURIComponent(credentials.password)}`;
      this.uri = `mongodb://${user}@${hostPort}/?authSource=admin&authMechanism=${SCRAM_MECHANISM}`;
    } else {
      this.uri = `mongodb://${hostPort}/`;
    }
    this.ttlMonitor = setInterval(() => void this.runTtlMonitor(), TTL_MONITOR_INTERVAL_MS);
    this.ttlMonitor.unref();
  }

  /** One pass of the TTL monitor as its timer runs it: nothing while it is switched off. */
  async runTtlMonitor(now = new Date()): Promise<number> {
    return this.catalog.ttlMonitorEnabled ? this.expireDocuments(now) : 0;
  }

  /** TTL expiry now, whatever the monitor's switch (also used by tests instead of waiting a minute). */
  async expireDocuments(now = new Date()): Promise<number> {
    const deleted = this.catalog.expireDocuments(now);
    if (deleted)
      await this.journal
        ?.flush()
        .catch((error: Error) => this.log(`TTL journal write failed: ${error.message}`));
    return deleted;
  }

  static async start(options: EmbeddedMongoOptions = {}): Promise<EmbeddedMongoServer> {
    const log = options.log ?? (() => undefined);
    const host = options.host ?? '127.0.0.1';
    if (!options.allowRemote && !LOOPBACK.test(host) && host !== 'localhost')
      throw new Error(
        `refusing to listen on ${host}: pass allowRemote (--allow-remote) to serve other machines`,
      );
    const floor = options.compactionFloorBytes;
    if (floor !== undefined && !(Number.isFinite(floor) && floor >= 0))
      throw new Error(`invalid compactionFloorBytes ${floor}: a number of bytes, 0 or more`);
    const sink = new JournalSink();
    const catalog = new Catalog(sink);
    const dbPath = options.dbPath ? path.resolve(options.dbPath) : undefined;
    let journal: Journal | undefined;
    if (dbPath) {
      journal = await Journal.open(
        dbPath,
        (entries) => entries.forEach((entry) => catalog.applyJournalEntry(entry)),
        () => catalog.snapshotEntries(),
        log,
        {
          compactionFloorBytes: options.compactionFloorBytes,
          onCompactionStep: options.onCompactionStep,
        },
      );
      sink.journal = journal;
    }
    const server = net.createServer();
    try {
      await new Promise<void>((resolve, reject) => {
        server.once('error', reject);
        server.listen(options.port ?? 0, host, () => {
          server.off('error', reject);
          resolve();
        });
      });
    } catch (error) {
      await journal?.close();
      throw error;
    }
    const port = (server.address() as net.AddressInfo).port;
    const instance = new EmbeddedMongoServer(
      server,
      catalog,
      new CursorRegistry(),
      journal,
      log,
      host,
      port,
      dbPath,
      options.credentials,
    );
    server.on('connection', (socket) => {
      if (!options.allowRemote && !LOOPBACK.test(socket.remoteAddress ?? '')) {
        log(`dropped a connection from ${socket.remoteAddress}: loopback clients only`);
        socket.destroy();
        return;
      }
      instance.serve(socket);
    });
    log(
      `embedded MongoDB-compatible server listening on ${host}:${port}${options.credentials ? ' (authentication required)' : ''}${dbPath ? ` (data: ${dbPath})` : ' (memory only)'}`,
    );
    return instance;
  }

  /** Closes every connection, then flushes and closes the journal. Idempotent. */
  stop(): Promise<void> {
    this.stopping ??= (async () => {
      clearInterval(this.ttlMonitor);
      const closed = new Promise<void>((resolve) => this.server.close(() => resolve()));
      for (const socket of this.sockets) socket.destroy();
      await closed;
      this.cursors.close();
      await this.journal?.close();
      this.log(`embedded MongoDB-compatible server on port ${this.port} stopped`);
    })();
    return this.stopping;
  }

  private serve(socket: net.Socket): void {
    const connectionId = this.nextConnectionId++;
    this.sockets.add(socket);
    socket.setNoDelay(true);
    const framer = new MessageFramer();
    // Messages of one connection are answered strictly in order.
    let queue = Promise.resolve();
    socket.on('data', (chunk) => {
      let messages: Buffer[];
      try {
        messages = framer.push(chunk);
      } catch (error) {
        this.log(`connection ${connectionId}: ${(error as Error).message}; closing`);
        socket.destroy();
        return;
      }
      for (const message of messages) {
        queue = queue.then(() => this.handleMessage(socket, connectionId, message));
      }
    });
    socket.on('error', () => socket.destroy());
    socket.on('close', () => {
      this.sockets.delete(socket);
      this.conversations.delete(connectionId);
    });
  }

  private async handleMessage(
    socket: net.Socket,
    connectionId: number,
    message: Buffer,
  ): Promise<void> {
    if (socket.destroyed) return;
    let incoming: IncomingCommand;
    try {
      const parsed = parseMessage(message);
      if ('unsupportedOpCode' in parsed) {
        this.log(
          `connection ${connectionId}: unsupported opcode ${parsed.unsupportedOpCode}; closing`,
        );
        socket.destroy();
        return;
      }
      incoming = parsed;
    } catch (error) {
      this.log(
        `connection ${connectionId}: malformed message (${(error as Error).message}); closing`,
      );
      socket.destroy();
      return;
    }
    const reply = await this.execute(incoming, connectionId);
    if (incoming.noReply || socket.destroyed) return;
    const requestId = this.nextRequestId++;
    socket.write(
      incoming.opCode === OP_MSG
        ? encodeOpMsgReply(reply, requestId, incoming.requestId)
        : encodeOpReply(reply, requestId, incoming.requestId),
    );
  }

  /**
   * With credentials: runs the SASL exchange, and refuses (13 Unauthorized) any other command
   * but the handshake until the connection has authenticated. Returns the reply to send
   * instead of running the command, or undefined to run it.
   */
  private authenticate(
    name: string,
    command: Document,
    connectionId: number,
  ): Document | undefined {
    if (!this.account) return undefined;
    let conversation = this.conversations.get(connectionId);
    if (!conversation) {
      conversation = new ScramConversation(this.account.username, this.account.keys);
      this.conversations.set(connectionId, conversation);
    }
    try {
      if (name === 'saslStart') return conversation.start(command);
      if (name === 'saslContinue') return conversation.continue(command);
    } catch (error) {
      this.log(`connection ${connectionId}: authentication failed`);
      return (error as CommandError).toReply();
    }
    if (conversation.authenticated || ALLOWED_BEFORE_AUTH.has(name)) return undefined;
    return new CommandError('Unauthorized', `Command ${name} requires authentication`).toReply();
  }

  private async execute(incoming: IncomingCommand, connectionId: number): Promise<Document> {
    const { command } = incoming;
    const db =
      typeof command.$db === 'string'
        ? command.$db
        : (incoming.queryNamespace?.split('.')[0] ?? 'admin');
    const name = commandName(command);
    const refused = this.authenticate(name, command, connectionId);
    if (refused) return refused;
    const recordedBefore = this.journal?.recordedCount ?? 0;
    const reply = runCommand({
      catalog: this.catalog,
      cursors: this.cursors,
      db,
      command,
      connectionId,
      startedAt: this.startedAt,
    });
    if (reply.ok === 0 && reply.code === 59) this.log(`unsupported command '${name}' on ${db}`);
    // Acknowledge only what is on disk. A read that recorded nothing is answered at once, as
    // mongod's local read concern would: it must not queue behind other clients' fsyncs.
    const recorded = (this.journal?.recordedCount ?? 0) !== recordedBefore;
    if (this.journal && (recorded || !isReadOnlyCommand(name))) {
      try {
        await this.journal.flush();
      } catch (error) {
        return new CommandError(
          'InternalError',
          `journal write failed: ${(error as Error).message}`,
        ).toReply();
      }
    }
    return reply;
  }
}
