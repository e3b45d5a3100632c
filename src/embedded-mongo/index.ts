// In-process MongoDB-wire-compatible server, used only where no real mongod can be had.
export { EmbeddedMongoServer, type EmbeddedMongoOptions } from './server';
export { startEmbeddedMongoThread, type EmbeddedMongoThread } from './thread';
export type { CompactionStep } from './journal';
