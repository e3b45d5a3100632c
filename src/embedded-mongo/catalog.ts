import type { Document } from 'bson';
import { Collection, type ChangeSink } from './collection';
import { CommandError } from './errors';

/**
 * Databases and their collections. A database exists while it has a collection (as in mongod).
 * Every change is reported to the sink as a journal entry; `applyJournalEntry` replays them.
 */
export class Catalog {
  private readonly databases = new Map<string, Map<string, Collection>>();
  /** mongod's `ttlMonitorEnabled` server parameter: off, the monitor's passes delete nothing. */
  ttlMonitorEnabled = true;

  constructor(private readonly sink: ChangeSink) {}

  databaseNames(): string[] {
    return [...this.databases.keys()];
  }

  collections(dbName: string): Collection[] {
    return [...(this.databases.get(dbName)?.values() ?? [])];
  }

  getCollection(dbName: string, name: string): Collection | undefined {
    return this.databases.get(dbName)?.get(name);
  }

  /** The collection, created implicitly on first write (as mongod does). */
  ensureCollection(dbName: string, name: string): Collection {
    return this.getCollection(dbName, name) ?? this.createCollection(dbName, name, {});
  }

  createCollection(dbName: string, name: string, options: Document, journal = true): Collection {
    validateNames(dbName, name);
    if (this.getCollection(dbName, name)) {
      throw new CommandError('NamespaceExists', `Collection ${dbName}.${name} already exists.`);
    }
    let collections = this.databases.get(dbName);
    if (!collections) this.databases.set(dbName, (collections = new Map()));
    const collection = new Collection(dbName, name, options, this.sink);
    collections.set(name, collection);
    if (journal) this.sink.record({ op: 'createCollection', db: dbName, coll: name, options });
    return collection;
  }

  dropCollection(dbName: string, name: string, journal = true): boolean {
    const collections = this.databases.get(dbName);
    if (!collections?.delete(name)) return false;
    if (collections.size === 0) this.databases.delete(dbName);
    if (journal) this.sink.record({ op: 'dropCollection', db: dbName, coll: name });
    return true;
  }

  dropDatabase(dbName: string, journal = true): void {
    if (!this.databases.delete(dbName)) return;
    if (journal) this.sink.record({ op: 'dropDatabase', db: dbName });
  }

  renameCollection(
    fromDb: string,
    from: string,
    toDb: string,
    to: string,
    dropTarget: boolean,
    journal = true,
  ): void {
    const source = this.getCollection(fromDb, from);
    if (!source) throw new CommandError('NamespaceNotFound', 'source namespace does not exist');
    if (this.getCollection(toDb, to)) {
      if (!dropTarget) throw new CommandError('NamespaceExists', 'target namespace exists');
      this.dropCollection(toDb, to, false);
    }
    const target = this.createCollection(toDb, to, source.options, false);
    for (const index of source.indexes.values())
      if (index.name !== '_id_') target.createIndex(index.spec, false);
    for (const doc of source.records.values()) target.replayPut(doc);
    this.dropCollection(fromDb, from, false);
    if (journal) this.sink.record({ op: 'renameCollection', fromDb, from, toDb, to, dropTarget });
  }

  /** Runs TTL expiry over every collection; returns the number of documents deleted. */
  expireDocuments(now = new Date()): number {
    let deleted = 0;
    for (const collections of this.databases.values()) {
      for (const collection of collections.values()) deleted += collection.expireDocuments(now);
    }
    return deleted;
  }

  /** Replays one journal entry (see Journal for the format). */
  applyJournalEntry(entry: Document): void {
    const dbName = entry.db as string;
    const name = entry.coll as string;
    switch (entry.op) {
      case 'put':
        this.ensureCollectionSilently(dbName, name).replayPut(entry.doc as Document);
        return;
      case 'delete':
        this.getCollection(dbName, name)?.replayDelete(entry.id);
        return;
      case 'createCollection':
        if (!this.getCollection(dbName, name))
          this.createCollection(dbName, name, (entry.options as Document) ?? {}, false);
        return;
      case 'dropCollection':
        this.dropCollection(dbName, name, false);
        return;
      case 'dropDatabase':
        this.dropDatabase(dbName, false);
        return;
      case 'createIndex': {
        const collection = this.ensureCollectionSilently(dbName, name);
        const spec = entry.spec as Document;
        if (!collection.indexes.has(spec.name as string)) collection.createIndex(spec, false);
        return;
      }
      case 'dropIndex':
        this.getCollection(dbName, name)?.indexes.delete(entry.name as string);
        return;
      case 'renameCollection':
        this.renameCollection(
          entry.fromDb as string,
          entry.from as string,
          entry.toDb as string,
          entry.to as string,
          entry.dropTarget === true,
          false,
        );
        return;
      default:
        throw new Error(`unknown journal entry ${String(entry.op)}`);
    }
  }

  /**
   * The whole state as journal entries: what a compacted snapshot contains. The view is taken
   * now and may be read later, across event-loop turns (a running compaction): the lists are
   * copied here, the documents shared, since a change replaces a document, never mutates it.
   */
  snapshotEntries(): Iterable<Document> {
    const view: {
      db: string;
      coll: string;
      options: Document;
      specs: Document[];
      docs: Document[];
    }[] = [];
    for (const [db, collections] of this.databases) {
      for (const collection of collections.values()) {
        const specs = [...collection.indexes.values()]
          .filter((index) => index.name !== '_id_')
          .map((index) => index.spec);
        const docs = [...collection.records.values()];
        view.push({ db, coll: collection.name, options: collection.options, specs, docs });
      }
    }
    return (function* () {
      for (const { db, coll, options, specs, docs } of view) {
        yield { op: 'createCollection', db, coll, options };
        for (const spec of specs) yield { op: 'createIndex', db, coll, spec };
        for (const doc of docs) yield { op: 'put', db, coll, doc };
      }
    })();
  }

  private ensureCollectionSilently(dbName: string, name: string): Collection {
    return this.getCollection(dbName, name) ?? this.createCollection(dbName, name, {}, false);
  }
}

function validateNames(dbName: string, name: string): void {
  if (!dbName || /[/\\. "$\0]/.test(dbName)) {
    throw new CommandError('InvalidNamespace', `Invalid database name: '${dbName}'`);
  }
  if (!name || name.includes('\0') || name.startsWith('.') || name.includes('$')) {
    throw new CommandError('InvalidNamespace', `Invalid collection name: ${name}`);
  }
}
