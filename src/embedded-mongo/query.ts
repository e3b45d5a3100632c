import type { Document } from 'bson';
import { Aggregator, Query } from 'mingo';
import type { Collection } from './collection';
import { CommandError } from './errors';
import { compareValues, deepClone, isPlainObject, sortKeyOf } from './bson-values';

export interface FindOptions {
  filter?: Document;
  sort?: Document;
  skip?: number;
  limit?: number;
  projection?: Document;
  collation?: Document;
}

/** A matched document and the record holding it (writes need the record id). */
export interface Match {
  recordId: number;
  doc: Document;
}

export function compileFilter(
  filter: Document | undefined,
  collation?: Document,
): Query | undefined {
  if (!filter || Object.keys(filter).length === 0) return undefined;
  try {
    return new Query(filter, collation ? { collation: collation as never } : {});
  } catch (error) {
    throw new CommandError('BadValue', (error as Error).message);
  }
}

/**
 * Matching records in natural order (or sorted), honouring skip/limit. Uses a hash index for
 * equality on indexed fields, a scan otherwise; the full filter is always re-applied.
 */
export function findMatches(collection: Collection | undefined, options: FindOptions): Match[] {
  if (!collection) return [];
  const filter = options.filter ?? {};
  const query = compileFilter(filter, options.collation);
  const candidateIds = options.collation ? undefined : collection.candidateRecordIds(filter);
  const sort = options.sort && Object.keys(options.sort).length ? options.sort : undefined;
  const natural = sort?.$natural;
  const skip = options.skip ?? 0;
  // Without a sort we can stop once skip+limit documents matched.
  const stopAfter = !sort && options.limit ? skip + options.limit : Infinity;
  const matches: Match[] = [];
  const consider = (recordId: number, doc: Document | undefined): boolean => {
    if (doc && (!query || query.test(doc))) matches.push({ recordId, doc });
    return matches.length < stopAfter;
  };
  if (candidateIds) {
    for (const recordId of candidateIds)
      if (!consider(recordId, collection.records.get(recordId))) break;
  } else {
    for (const [recordId, doc] of collection.records) if (!consider(recordId, doc)) break;
  }
  if (natural === -1) matches.reverse();
  else if (sort && natural === undefined) sortMatches(matches, sort);
  const end = options.limit ? skip + options.limit : undefined;
  return skip || end !== undefined ? matches.slice(skip, end) : matches;
}

/** Sorts documents by a sort spec in MongoDB's order (stable: ties keep input order). */
export function sortDocuments(docs: Document[], sort: Document): Document[] {
  const matches = docs.map((doc, recordId) => ({ recordId, doc }));
  sortMatches(matches, sort);
  return matches.map((match) => match.doc);
}

function sortMatches(matches: Match[], sort: Document): void {
  const fields = Object.entries(sort).map(([path, direction]) => {
    if (isPlainObject(direction)) {
      throw new CommandError('BadValue', `unsupported sort specification for ${path}`);
    }
    const dir = Number(direction) === -1 ? -1 : 1;
    return { path, dir: dir as 1 | -1 };
  });
  // Decorate once: sort keys of array fields are min/max elements (MongoDB's rule).
  const decorated = matches.map((match) => ({
    match,
    keys: fields.map((field) => sortKeyOf(match.doc, field.path, field.dir)),
  }));
  decorated.sort((a, b) => {
    for (let i = 0; i < fields.length; i++) {
      const c = compareValues(a.keys[i], b.keys[i]);
      if (c) return c * fields[i].dir;
    }
    return a.match.recordId - b.match.recordId;
  });
  decorated.forEach((entry, i) => (matches[i] = entry.match));
}

/** Applies a find projection (inclusion/exclusion, $slice, $elemMatch, positional $). */
export function project(
  docs: Document[],
  projection: Document | undefined,
  filter: Document | undefined,
): Document[] {
  if (!projection || Object.keys(projection).length === 0) return docs;
  try {
    // Positional projection needs the filter; re-running it on matched documents is harmless.
    const usesPositional = Object.keys(projection).some((key) => key.endsWith('.$'));
    const query = new Query(usesPositional ? (filter ?? {}) : {});
    return query.find<Document>(docs.map(deepClone), projection).all();
  } catch (error) {
    throw new CommandError('BadValue', (error as Error).message);
  }
}

/** Runs an aggregation pipeline (mingo's stages); `resolve` serves $lookup's `from`. */
export function runPipeline(
  input: Document[],
  pipeline: Document[],
  resolve: (name: string) => Document[],
  collation?: Document,
  variables?: Document,
): Document[] {
  const options = {
    collectionResolver: resolve,
    ...(collation ? { collation: collation as never } : {}),
    ...(variables ? { variables } : {}),
  };
  try {
    // Top-level $sort stages run here so the order across BSON types is MongoDB's (mingo's
    // own order differs for mixed types); the stages between them run in mingo.
    let docs = input;
    let segment: Document[] = [];
    const runSegment = (): void => {
      if (segment.length) docs = new Aggregator(segment, options).run(docs);
      segment = [];
    };
    for (const stage of pipeline) {
      const [name] = Object.keys(stage);
      if (name === '$out' || name === '$merge') {
        throw new CommandError(
          'IllegalOperation',
          `${name} is not supported by the embedded server`,
        );
      }
      if (name === '$sort' && !collation) {
        runSegment();
        docs = sortDocuments(docs, stage.$sort as Document);
      } else {
        segment.push(stage);
      }
    }
    runSegment();
    return docs;
  } catch (error) {
    if (error instanceof CommandError) throw error;
    throw new CommandError('BadValue', (error as Error).message);
  }
}
