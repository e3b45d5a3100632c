import { deserialize, serialize, type Document } from 'bson';

// Wire protocol framing (https://www.mongodb.com/docs/manual/reference/mongodb-wire-protocol/).
// Only what the official drivers send to a standalone server: OP_MSG for commands and the
// legacy OP_QUERY for the very first handshake. No OP_COMPRESSED: we never advertise it.

export const OP_REPLY = 1;
export const OP_QUERY = 2004;
export const OP_MSG = 2013;

const HEADER_SIZE = 16;
const MSG_CHECKSUM_PRESENT = 1 << 0;
const MSG_MORE_TO_COME = 1 << 1;
/** Refuse frames larger than the advertised maxMessageSizeBytes (plus slack). */
export const MAX_MESSAGE_SIZE = 48_000_000;

// Keep the types drivers expect on the way back: Binary (UUIDs) stays Binary, Long that do not
// fit a double stay Long, Decimal128/ObjectId/Date/Timestamp stay what they are.
export const DESERIALIZE_OPTIONS = {
  promoteValues: true,
  promoteBuffers: false,
  promoteLongs: true,
} as const;

export interface IncomingCommand {
  requestId: number;
  opCode: typeof OP_MSG | typeof OP_QUERY;
  /** The command document, with OP_MSG document sequences merged in as arrays. */
  command: Document;
  /** OP_MSG moreToCome: the client expects no reply (w:0 writes). */
  noReply: boolean;
  /** OP_QUERY only: the namespace the query was sent to, e.g. "admin.$cmd". */
  queryNamespace?: string;
}

/** Accumulates socket bytes and cuts them into whole messages. */
export class MessageFramer {
  private pending: Buffer[] = [];
  private pendingBytes = 0;

  push(chunk: Buffer): Buffer[] {
    this.pending.push(chunk);
    this.pendingBytes += chunk.length;
    const messages: Buffer[] = [];
    let buffer =
      this.pending.length === 1 ? this.pending[0] : Buffer.concat(this.pending, this.pendingBytes);
    let offset = 0;
    while (buffer.length - offset >= 4) {
      const length = buffer.readInt32LE(offset);
      if (length < HEADER_SIZE || length > MAX_MESSAGE_SIZE) {
        throw new Error(`invalid message length ${length}`);
      }
      if (buffer.length - offset < length) break;
      messages.push(buffer.subarray(offset, offset + length));
      offset += length;
    }
    buffer = buffer.subarray(offset);
    this.pending = buffer.length ? [buffer] : [];
    this.pendingBytes = buffer.length;
    return messages;
  }
}

function readCString(buffer: Buffer, offset: number): [string, number] {
  const end = buffer.indexOf(0, offset);
  if (end < 0) throw new Error('unterminated cstring');
  return [buffer.toString('utf8', offset, end), end + 1];
}

/** Parses one whole message; returns undefined for opcodes we do not serve. */
export function parseMessage(
  message: Buffer,
): IncomingCommand | { unsupportedOpCode: number; requestId: number } {
  const requestId = message.readInt32LE(4);
  const opCode = message.readInt32LE(12);
  if (opCode === OP_MSG) return parseOpMsg(message, requestId);
  if (opCode === OP_QUERY) return parseOpQuery(message, requestId);
  return { unsupportedOpCode: opCode, requestId };
}

function parseOpMsg(message: Buffer, requestId: number): IncomingCommand {
  const flags = message.readUInt32LE(HEADER_SIZE);
  const end = flags & MSG_CHECKSUM_PRESENT ? message.length - 4 : message.length;
  let offset = HEADER_SIZE + 4;
  let command: Document | undefined;
  const sequences: [string, Document[]][] = [];
  while (offset < end) {
    const kind = message[offset++];
    if (kind === 0) {
      const size = message.readInt32LE(offset);
      command = deserialize(message.subarray(offset, offset + size), DESERIALIZE_OPTIONS);
      offset += size;
    } else if (kind === 1) {
      const size = message.readInt32LE(offset);
      const sectionEnd = offset + size;
      const [identifier, docsStart] = readCString(message, offset + 4);
      const docs: Document[] = [];
      let docOffset = docsStart;
      while (docOffset < sectionEnd) {
        const docSize = message.readInt32LE(docOffset);
        docs.push(
          deserialize(message.subarray(docOffset, docOffset + docSize), DESERIALIZE_OPTIONS),
        );
        docOffset += docSize;
      }
      sequences.push([identifier, docs]);
      offset = sectionEnd;
    } else {
      throw new Error(`unknown OP_MSG section kind ${kind}`);
    }
  }
  if (!command) throw new Error('OP_MSG without a body section');
  for (const [identifier, docs] of sequences) command[identifier] = docs;
  return { requestId, opCode: OP_MSG, command, noReply: (flags & MSG_MORE_TO_COME) !== 0 };
}

function parseOpQuery(message: Buffer, requestId: number): IncomingCommand {
  let offset = HEADER_SIZE + 4; // flags
  const [namespace, afterName] = readCString(message, offset);
  offset = afterName + 8; // numberToSkip, numberToReturn
  const size = message.readInt32LE(offset);
  let command = deserialize(message.subarray(offset, offset + size), DESERIALIZE_OPTIONS);
  // Legacy drivers may wrap the command as {$query: {...}, $readPreference: ...}.
  if (command.$query && typeof command.$query === 'object') command = command.$query as Document;
  return { requestId, opCode: OP_QUERY, command, noReply: false, queryNamespace: namespace };
}

function header(length: number, requestId: number, responseTo: number, opCode: number): Buffer {
  const head = Buffer.allocUnsafe(HEADER_SIZE);
  head.writeInt32LE(length, 0);
  head.writeInt32LE(requestId, 4);
  head.writeInt32LE(responseTo, 8);
  head.writeInt32LE(opCode, 12);
  return head;
}

/** OP_MSG reply: flags 0 (no checksum), one body section. */
export function encodeOpMsgReply(reply: Document, requestId: number, responseTo: number): Buffer {
  const body = serialize(reply);
  const length = HEADER_SIZE + 4 + 1 + body.length;
  const prefix = Buffer.alloc(5); // flagBits = 0, section kind 0
  return Buffer.concat([header(length, requestId, responseTo, OP_MSG), prefix, body], length);
}

/** OP_REPLY for a legacy OP_QUERY command: one document, no cursor. */
export function encodeOpReply(reply: Document, requestId: number, responseTo: number): Buffer {
  const body = serialize(reply);
  const fields = Buffer.alloc(20); // responseFlags, cursorID (int64), startingFrom, numberReturned
  fields.writeInt32LE(1, 16);
  const length = HEADER_SIZE + fields.length + body.length;
  return Buffer.concat([header(length, requestId, responseTo, OP_REPLY), fields, body], length);
}
