import type { Document } from 'bson';
import { Aggregator, Query } from 'mingo';
import {
  answersExactly,
  equalityConstraints,
  type CandidatePlan,
  type Collection,
} from './collection';
import { CommandError } from './errors';
import { compareValues, deepClone, isPlainObject, sortKeyOf } from './bson-values';
import type { HashIndex } from './indexes';
import type { KeyOrder, OrderedEntry } from './key-order';

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
  const key = cacheKeyOf(filter, collation);
  const cached = key === undefined ? undefined : QUERY_CACHE.get(key);
  if (cached) return cached;
  let query: Query;
  try {
    query = new Query(filter, collation ? { collation: collation as never } : {});
  } catch (error) {
    throw new CommandError('BadValue', (error as Error).message);
  }
  if (key !== undefined) {
    if (QUERY_CACHE.size >= QUERY_CACHE_SIZE) QUERY_CACHE.clear();
    QUERY_CACHE.set(key, query);
  }
  return query;
}

/**
 * Compiled queries by filter text: a bulk write's thousands of statements usually share a
 * filter shape ({status: 'open'} once the _id is answered by the index). A mingo Query holds
 * no per-test state, so one can serve every command.
 */
const QUERY_CACHE = new Map<string, Query>();
const QUERY_CACHE_SIZE = 512;

/** A text identifying the filter, or undefined when it holds values JSON cannot tell apart. */
function cacheKeyOf(filter: Document, collation: Document | undefined): string | undefined {
  if (!isJsonSafe(filter, 0) || (collation && !isJsonSafe(collation, 0))) return undefined;
  const text = JSON.stringify(collation ? [filter, collation] : [filter]);
  return text.length <= 4096 ? text : undefined;
}

function isJsonSafe(value: unknown, depth: number): boolean {
  if (depth > 8) return false;
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return true;
    case 'number':
      return Number.isFinite(value) && !Object.is(value, -0);
    case 'object':
      if (value === null) return true;
      if (Array.isArray(value)) return value.every((v) => isJsonSafe(v, depth + 1));
      if (!isPlainObject(value) || Object.getPrototypeOf(value) !== Object.prototype) return false;
      return Object.values(value).every((v) => isJsonSafe(v, depth + 1));
    default:
      return false;
  }
}

/** A compiled filter: whether a document matches. */
export type Matcher = (doc: Document) => boolean;

/**
 * Compiles `filter` without the top-level conditions in `answered` (already guaranteed by an
 * index lookup); undefined when nothing is left to check. Top-level string equality and
 * string-only $in are checked natively against string field values (a Set per command, not a
 * hash map per document); any other field value goes through mingo for that condition.
 */
export function compileMatcher(
  filter: Document | undefined,
  answered: readonly string[] = [],
  collation?: Document,
): Matcher | undefined {
  if (!filter) return undefined;
  const rest: Document = {};
  const fast: { path: string; values: Set<string | number>; fallback: Query }[] = [];
  for (const [path, condition] of Object.entries(filter)) {
    if (answered.includes(path)) continue;
    const values = collation ? undefined : plainEqualityValues(path, condition);
    if (values) {
      fast.push({ path, values, fallback: compileFilter({ [path]: condition })! });
    } else {
      rest[path] = condition;
    }
  }
  const query = compileFilter(rest, collation);
  if (fast.length === 0) return query ? (doc) => query.test(doc) : undefined;
  return (doc) => {
    for (const check of fast) {
      const value = Object.prototype.hasOwnProperty.call(doc, check.path)
        ? (doc[check.path] as unknown)
        : undefined;
      // A plain string or number field compares natively; anything else (arrays, Long,
      // Decimal128, documents, missing) goes through mingo.
      if (
        typeof value === 'string' || (typeof value === 'number' && Number.isFinite(value))
          ? !check.values.has(value)
          : !check.fallback.test(doc)
      )
        return false;
    }
    return !query || query.test(doc);
  };
}

/**
 * {path: v}, {path: {$eq: v}}, {path: {$in: [v, ...]}} on a plain field, every v a string or
 * a finite number: the values (a number field equals a number condition exactly when the
 * JavaScript values are equal; strings and numbers never equal each other).
 */
function plainEqualityValues(path: string, condition: unknown): Set<string | number> | undefined {
  if (path.startsWith('$') || path.includes('.')) return undefined;
  const plain = (v: unknown): v is string | number =>
    typeof v === 'string' || (typeof v === 'number' && Number.isFinite(v));
  if (plain(condition)) return new Set([condition]);
  if (!isPlainObject(condition)) return undefined;
  const ops = Object.keys(condition);
  if (ops.length !== 1) return undefined;
  if (ops[0] === '$eq' && plain(condition.$eq)) return new Set([condition.$eq]);
  if (ops[0] === '$in' && Array.isArray(condition.$in) && condition.$in.every(plain))
    return new Set(condition.$in as (string | number)[]);
  return undefined;
}

/**
 * Matching records in natural order (or sorted), honouring skip/limit. Uses a hash index for
 * equality/$in on an index's leading fields, a scan otherwise; then checks what the index
 * lookup did not answer exactly. A sorted page an index's order serves is read from that
 * order, stopping at the page's end.
 */
export function findMatches(collection: Collection | undefined, options: FindOptions): Match[] {
  if (!collection) return [];
  const filter = options.filter ?? {};
  const plan = planCandidates(collection, filter, options.collation);
  const matcher = compileMatcher(filter, plan?.exact, options.collation);
  const sort = options.sort && Object.keys(options.sort).length ? options.sort : undefined;
  const natural = sort?.$natural;
  const skip = options.skip ?? 0;
  const end = options.limit ? skip + options.limit : undefined;
  if (sort && natural === undefined) {
    const fields = sortFields(sort);
    const walk = options.collation
      ? undefined
      : planOrderedWalk(collection, filter, fields, plan?.size, skip, end);
    if (walk) return walkInOrder(collection, walk, skip, end);
    // A page of a sorted result: only the page is put in order (selection around it).
    const matches = collectMatches(collection, plan, matcher, Infinity);
    return sortMatches(matches, fields, skip, end ?? matches.length);
  }
  // Without a sort we can stop once skip+limit documents matched.
  const matches = collectMatches(collection, plan, matcher, sort ? Infinity : (end ?? Infinity));
  if (natural === -1) matches.reverse();
  return skip || end !== undefined ? matches.slice(skip, end) : matches;
}

/**
 * How many records match, honouring skip/limit, without collecting them: the size of an index
 * lookup when it answers the whole filter exactly, else a count of the matches.
 */
export function countMatches(
  collection: Collection | undefined,
  options: Pick<FindOptions, 'filter' | 'skip' | 'limit' | 'collation'>,
): number {
  if (!collection) return 0;
  const filter = options.filter ?? {};
  const plan = planCandidates(collection, filter, options.collation);
  const matcher = compileMatcher(filter, plan?.exact, options.collation);
  const skip = options.skip ?? 0;
  const end = options.limit ? skip + options.limit : Infinity;
  let n = 0;
  if (!matcher) {
    n = plan ? plan.size : collection.records.size;
  } else if (plan) {
    const ids = plan.ids();
    for (let i = 0; i < ids.length && n < end; i++) {
      const doc = collection.records.get(ids[i]);
      if (doc && matcher(doc)) n++;
    }
  } else {
    for (const doc of collection.records.values()) {
      if (n >= end) break;
      if (matcher(doc)) n++;
    }
  }
  return Math.max(0, Math.min(n, end) - skip);
}

function planCandidates(
  collection: Collection,
  filter: Document,
  collation: Document | undefined,
): CandidatePlan | undefined {
  if (collation) return undefined;
  try {
    return collection.candidateRecordIds(filter);
  } catch (error) {
    compileFilter(filter, collation); // an invalid filter reports BadValue first
    throw error;
  }
}

/** The matches among the plan's candidates (or all records), in natural order, up to `max`. */
function collectMatches(
  collection: Collection,
  plan: CandidatePlan | undefined,
  matcher: Matcher | undefined,
  max: number,
): Match[] {
  const matches: Match[] = [];
  if (plan) {
    const ids = plan.ids();
    for (let i = 0; i < ids.length && matches.length < max; i++) {
      const recordId = ids[i];
      const doc = collection.records.get(recordId);
      if (doc && (!matcher || matcher(doc))) matches.push({ recordId, doc });
    }
  } else {
    for (const [recordId, doc] of collection.records) {
      if (matches.length >= max) break;
      if (!matcher || matcher(doc)) matches.push({ recordId, doc });
    }
  }
  return matches;
}

interface SortField {
  path: string;
  dir: 1 | -1;
}

function sortFields(sort: Document): SortField[] {
  return Object.entries(sort).map(([path, direction]) => {
    if (isPlainObject(direction)) {
      throw new CommandError('BadValue', `unsupported sort specification for ${path}`);
    }
    return { path, dir: Number(direction) === -1 ? -1 : 1 };
  });
}

/** A walk of an index's order: the range of its equality prefix, forwards or backwards. */
interface OrderedWalk {
  order: KeyOrder;
  from: number;
  to: number;
  reverse: boolean;
  /** Key positions of the sort fields: entries equal there are ties, ordered by record id. */
  sortFrom: number;
  sortTo: number;
  /** What the range does not answer; undefined when every entry of the range matches. */
  matcher?: Matcher;
}

/**
 * An index walk serving `fields`, when one is cheaper than sorting the candidates. An index
 * serves the sort when its key is: fields with one equality value each in the filter (the
 * range walked), then the sort's fields in order (those fixed by the prefix left out), all in
 * the index's directions or all reversed. It must hold one key per document (no multikey).
 * With skip/limit the walk stops at the page's end; the candidates would all be sorted.
 */
function planOrderedWalk(
  collection: Collection,
  filter: Document,
  fields: SortField[],
  candidates: number | undefined,
  skip: number,
  end: number | undefined,
): OrderedWalk | undefined {
  const constraints = equalityConstraints(filter);
  let best: (OrderedWalk & { index: HashIndex; prefix: number }) | undefined;
  for (const index of collection.indexes.values()) {
    const directions = index.directions;
    if (!directions || !index.servesOrder) continue;
    let prefix = 0;
    while (prefix < index.fields.length && constraints.get(index.fields[prefix])?.length === 1)
      prefix++;
    const fixed = new Set(index.fields.slice(0, prefix));
    const rest = fields.filter((field) => !fixed.has(field.path));
    if (rest.length === 0 || prefix + rest.length > index.fields.length) continue;
    const sign = rest[0].dir * directions[prefix];
    if (
      !rest.every(
        (field, j) =>
          field.path === index.fields[prefix + j] && field.dir * directions[prefix + j] === sign,
      )
    )
      continue;
    const order = index.orderedKeys(collection.records);
    const { from, to } = order.range(
      index.fields.slice(0, prefix).map((field) => constraints.get(field)![0]),
    );
    if (best && to - from >= best.to - best.from) continue;
    best = {
      order,
      from,
      to,
      reverse: sign === -1,
      sortFrom: prefix,
      sortTo: prefix + rest.length,
      index,
      prefix,
    };
  }
  if (!best) return undefined;
  const { index } = best;
  // A prefix condition is answered by the range when the field holds plain scalars only (equal
  // in BSON order then means equal for the matcher).
  const exact =
    '$and' in filter
      ? []
      : index.fields
          .slice(0, best.prefix)
          .filter(
            (field, i) =>
              index.holdsOnlyPlainValues(i) && answersExactly(field, filter[field], true),
          );
  const matcher = compileMatcher(filter, exact);
  const range = best.to - best.from;
  const total = candidates ?? collection.records.size;
  // Entries the walk reads: the page alone when the range is exact, else about as many as hold
  // the page's matches if the candidates were spread evenly over the range.
  const reads = matcher
    ? Math.min(range, end === undefined ? range : (end * range) / Math.max(total, 1))
    : Math.min(range, (end ?? range) - skip);
  if (reads > total) return undefined;
  return { ...best, matcher };
}

/**
 * The page [skip, end) of the walk's matches, in the order sorting the documents gives:
 * index order, with ties on the sort fields in record order (the index orders them by its
 * later fields, then record id, reversed on a backward walk, so each run of ties is re-sorted).
 */
function walkInOrder(
  collection: Collection,
  walk: OrderedWalk,
  skip: number,
  end: number | undefined,
): Match[] {
  const { order, from, to, reverse, sortFrom, sortTo, matcher } = walk;
  const tie = (a: OrderedEntry, b: OrderedEntry): boolean => {
    for (let i = sortFrom; i < sortTo; i++)
      if (compareValues(a.key[i], b.key[i]) !== 0) return false;
    return true;
  };
  const length = to - from;
  const stop = end ?? Infinity;
  // Walk offset w is position from + w (or to - 1 - w backwards).
  const entryAt = (w: number): OrderedEntry => order.at(reverse ? to - 1 - w : from + w);
  let start = 0;
  let seen = 0;
  if (!matcher && skip > 0) {
    // Every entry matches: jump to the page, back to the start of the run of ties holding it.
    start = Math.min(skip, length);
    while (start > 0 && start < length && tie(entryAt(start - 1), entryAt(start))) start--;
    seen = start;
  }
  const page: Match[] = [];
  let run: Match[] = [];
  let head: OrderedEntry | undefined;
  const flush = (): void => {
    if (run.length > 1) run.sort((a, b) => a.recordId - b.recordId);
    for (const match of run) {
      if (seen >= stop) break;
      if (seen >= skip) page.push(match);
      seen++;
    }
    run = [];
  };
  const walkFrom = reverse ? from : from + start;
  const walkTo = reverse ? to - start : to;
  for (const entry of order.entries(walkFrom, walkTo, reverse)) {
    if (head && !tie(head, entry)) {
      flush();
      if (seen >= stop) break;
      head = entry;
    }
    head ??= entry;
    const doc = collection.records.get(entry.rid);
    if (doc && (!matcher || matcher(doc))) run.push({ recordId: entry.rid, doc });
  }
  flush();
  return page;
}

/** Sorts documents by a sort spec in MongoDB's order (stable: ties keep input order). */
export function sortDocuments(docs: Document[], sort: Document): Document[] {
  const matches = docs.map((doc, recordId) => ({ recordId, doc }));
  return sortMatches(matches, sortFields(sort), 0, matches.length).map((match) => match.doc);
}

interface Decorated {
  match: Match;
  keys: unknown[];
}

/**
 * The matches at positions [from, to) of the sorted order, in order. Ties keep record order
 * (the record id is the last key), so the order is total and a page is the same slice a full
 * sort would give. A page is found by selection (average linear time) and only it is sorted.
 */
function sortMatches(matches: Match[], fields: SortField[], from: number, to: number): Match[] {
  to = Math.min(to, matches.length);
  if (from >= to) return [];
  // Decorate once: sort keys of array fields are min/max elements (MongoDB's rule).
  const decorate = (match: Match): Decorated => ({
    match,
    keys: fields.map((field) => sortKey(match.doc, field.path, field.dir)),
  });
  const compare = (a: Decorated, b: Decorated): number => {
    for (let i = 0; i < fields.length; i++) {
      const c = compareValues(a.keys[i], b.keys[i]);
      if (c) return c * fields[i].dir;
    }
    return a.match.recordId - b.match.recordId;
  };
  if (to <= TOP_K_MAX && to < matches.length) {
    // An early page: the `to` first in a bounded heap, one comparison for most matches.
    return topK(matches.map(decorate), to, compare)
      .slice(from)
      .map((entry) => entry.match);
  }
  const decorated = matches.map(decorate);
  if (to - from < decorated.length) {
    select(decorated, from, 0, decorated.length - 1, compare);
    if (to < decorated.length) select(decorated, to - 1, from, decorated.length - 1, compare);
  }
  const page = decorated.slice(from, to).sort(compare);
  return page.map((entry) => entry.match);
}

/** Up to this many first documents, a page is found with a heap, beyond it by selection. */
const TOP_K_MAX = 2_000;

/** A sort key, without the path walk for a top-level field holding no array. */
function sortKey(doc: Document, path: string, dir: 1 | -1): unknown {
  if (!path.includes('.')) {
    const value = Object.prototype.hasOwnProperty.call(doc, path) ? doc[path] : undefined;
    if (!Array.isArray(value)) return value;
  }
  return sortKeyOf(doc, path, dir);
}

/** The `k` smallest of `items` by `compare`, in order (a max-heap of the best so far). */
function topK<T>(items: T[], k: number, compare: (a: T, b: T) => number): T[] {
  const heap: T[] = [];
  const siftDown = (i: number): void => {
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let top = i;
      if (l < heap.length && compare(heap[l], heap[top]) > 0) top = l;
      if (r < heap.length && compare(heap[r], heap[top]) > 0) top = r;
      if (top === i) return;
      swap(heap, i, top);
      i = top;
    }
  };
  for (const item of items) {
    if (heap.length < k) {
      heap.push(item);
      for (let i = heap.length - 1; i > 0;) {
        const parent = (i - 1) >> 1;
        if (compare(heap[i], heap[parent]) <= 0) break;
        swap(heap, i, parent);
        i = parent;
      }
    } else if (compare(item, heap[0]) < 0) {
      heap[0] = item;
      siftDown(0);
    }
  }
  return heap.sort(compare);
}

/**
 * Reorders `items[lo..hi]` so that `items[k]` is the element a full sort would put there,
 * with nothing greater before it and nothing smaller after (Hoare's selection, median of three).
 */
function select<T>(
  items: T[],
  k: number,
  lo: number,
  hi: number,
  compare: (a: T, b: T) => number,
): void {
  while (hi > lo) {
    if (hi - lo < 16) {
      // Small ranges: insertion sort.
      for (let i = lo + 1; i <= hi; i++) {
        const item = items[i];
        let j = i - 1;
        while (j >= lo && compare(items[j], item) > 0) items[j + 1] = items[j--];
        items[j + 1] = item;
      }
      return;
    }
    const mid = (lo + hi) >>> 1;
    if (compare(items[mid], items[lo]) < 0) swap(items, mid, lo);
    if (compare(items[hi], items[lo]) < 0) swap(items, hi, lo);
    if (compare(items[hi], items[mid]) < 0) swap(items, hi, mid);
    const pivot = items[mid];
    let i = lo;
    let j = hi;
    while (i <= j) {
      while (compare(items[i], pivot) < 0) i++;
      while (compare(items[j], pivot) > 0) j--;
      if (i <= j) swap(items, i++, j--);
    }
    if (k <= j) hi = j;
    else if (k >= i) lo = i;
    else return;
  }
}

function swap<T>(items: T[], a: number, b: number): void {
  const t = items[a];
  items[a] = items[b];
  items[b] = t;
}

/**
 * Applies a find projection (inclusion/exclusion, $slice, $elemMatch, positional $). The
 * results share values with the stored documents: they only leave the server encoded, and a
 * stored document is never modified in place. What goes through mingo is copied first (its
 * projection may modify its input: a dotted exclusion removes fields from shared embedded
 * documents), and only the fields the projection reads.
 */
export function project(
  docs: Document[],
  projection: Document | undefined,
  filter: Document | undefined,
): Document[] {
  if (!projection || Object.keys(projection).length === 0) return docs;
  const topLevel = topLevelProjection(projection);
  if (topLevel) return docs.map(topLevel);
  try {
    // Positional projection needs the filter; re-running it on matched documents is harmless.
    const usesPositional = Object.keys(projection).some((key) => key.endsWith('.$'));
    const query = new Query(usesPositional ? (filter ?? {}) : {});
    // The filter re-run by a positional projection may read any field.
    const read = usesPositional ? undefined : fieldsReadByProjection(projection);
    const input = docs.map((doc) => (read ? copyFields(doc, read) : deepClone(doc)));
    return query.find<Document>(input, projection).all();
  } catch (error) {
    throw new CommandError('BadValue', (error as Error).message);
  }
}

/**
 * A projection of top-level fields only, all included ({a: 1, b: true}, _id optional) or all
 * excluded ({a: 0}): built directly, with mingo's result (included fields in name order, then
 * _id; a field holding undefined left out). Undefined for anything else.
 */
function topLevelProjection(projection: Document): ((doc: Document) => Document) | undefined {
  const included: string[] = [];
  const excluded: string[] = [];
  let idExcluded = false;
  for (const [field, value] of Object.entries(projection)) {
    if (field.includes('.') || field.startsWith('$') || field in Object.prototype) return undefined;
    if (value === 0 || value === false) {
      if (field === '_id') idExcluded = true;
      else excluded.push(field);
    } else if (value === true || (typeof value === 'number' && !Number.isNaN(value))) {
      included.push(field);
    } else {
      return undefined;
    }
  }
  if (included.length && excluded.length) return undefined; // mingo reports the error
  if (idExcluded) excluded.push('_id');
  if (included.length === 0) {
    return (doc) => {
      const out: Document = { ...doc };
      for (const field of excluded) delete out[field];
      return out;
    };
  }
  included.sort();
  return (doc) => {
    const out: Document = {};
    for (const field of included)
      if (hasOwn(doc, field) && doc[field] !== undefined) out[field] = doc[field];
    if (!idExcluded && !hasOwn(out, '_id') && hasOwn(doc, '_id')) out._id = doc._id;
    return out;
  };
}

/**
 * The top-level fields a find projection or $project stage reads (its fields and every
 * `$field` reference in its expressions; _id always), or undefined when it may read the whole
 * document: an exclusion of a field other than _id, $$ROOT/$$CURRENT, or an operator that
 * names fields by plain string ($getField, ...).
 */
export function fieldsReadByProjection(projection: Document): Set<string> | undefined {
  const read = new Set<string>(['_id']);
  for (const [field, value] of Object.entries(projection)) {
    if ((value === 0 || value === false) && field !== '_id') return undefined;
    read.add(field.split('.')[0]);
    if (!addReferences(value, read, 0)) return undefined;
  }
  return read;
}

/** The top-level fields a $group stage reads, or undefined when it may read the whole document. */
export function fieldsReadByGroup(group: Document): Set<string> | undefined {
  const read = new Set<string>(['_id']);
  return addReferences(group, read, 0) ? read : undefined;
}

/** Operators whose arguments may name fields without a `$` (sortBy, field) or run code. */
const WHOLE_DOCUMENT_OPERATORS = new Set([
  '$getField',
  '$setField',
  '$unsetField',
  '$top',
  '$topN',
  '$bottom',
  '$bottomN',
  '$function',
  '$accumulator',
  '$where',
]);

/** Adds the fields `$a.b`-style strings in `value` refer to; false when that cannot be known. */
function addReferences(value: unknown, into: Set<string>, depth: number): boolean {
  if (depth > 64) return false;
  if (typeof value === 'string') {
    if (value.startsWith('$$')) return !/^\$\$(ROOT|CURRENT)\b/.test(value);
    if (value.startsWith('$')) into.add(value.slice(1).split('.')[0]);
    return true;
  }
  if (Array.isArray(value)) return value.every((v) => addReferences(v, into, depth + 1));
  if (isPlainObject(value)) {
    for (const [key, v] of Object.entries(value)) {
      if (WHOLE_DOCUMENT_OPERATORS.has(key)) return false;
      if (!addReferences(v, into, depth + 1)) return false;
    }
  }
  return true;
}

/** A copy of the given top-level fields of `doc` (in the document's order), deep-copied. */
export function copyFields(doc: Document, fields: ReadonlySet<string>): Document {
  const out: Document = {};
  for (const field of Object.keys(doc)) if (fields.has(field)) out[field] = deepClone(doc[field]);
  return out;
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

function hasOwn(doc: Document, field: string): boolean {
  return Object.prototype.hasOwnProperty.call(doc, field);
}
