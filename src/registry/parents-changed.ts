import { randomUUID } from 'node:crypto';
import { Injectable, Optional } from '@nestjs/common';
import { LocalizedMessage } from '../domain/localized-message';

/** What a plan officer sees right after a write: the conflicts now touching the inspections. */
export interface ConflictDigest {
  id: string;
  ruleId: string;
  rulebook: string;
  severity: 'block' | 'warn';
  status: string;
  taxCode: string;
  year: number;
  inspectionIds: string[];
  explanation: LocalizedMessage;
}

/** Enterprises (by parent tax code) whose inspections were written. */
export interface ParentsChanged {
  parentTaxCodes: string[];
  actor: string;
}

export type ParentsChangedListener = (change: ParentsChanged) => Promise<ConflictDigest[]>;

/**
 * The rest of a write of several steps, kept with its announcement: after a crash or an
 * outage midway, the finisher registered for `kind` completes (or undoes) it from `data`
 * before the parents are checked, so no write stays half-applied.
 */
export interface UnfinishedWrite {
  kind: string;
  data: unknown;
}

/**
 * A finisher's answer for a write whose writer may still be at it (it spoke lately, or an undo
 * waits out a write of its that may still land): kept, looked at again later.
 */
export const STILL_WRITING = 'still-writing';

/**
 * Completes or undoes an unfinished write; called again until it succeeds, so idempotent.
 * It may answer STILL_WRITING for a write that is not left over but still going (its writer
 * keeps its entry alive): the entry is then kept, neither finished nor checked.
 */
export type UnfinishedWriteFinisher = (
  data: unknown,
  actor: string,
  entry: TouchedParents,
) => Promise<void | typeof STILL_WRITING>;

/** A note, made durable before a registry write, that these parents are to be checked. */
export interface TouchedParents extends ParentsChanged {
  id: string;
  /** When announced, or when its writer last said it is still at it (keepAlive). */
  at: Date;
  unfinished?: UnfinishedWrite;
  /** When an undo took the unfinished write from its silent writer (see `claim`). */
  claimedAt?: Date;
}

/** What `claim` answers: when the entry was taken, and whether this call took it. */
export interface Claim {
  claimedAt: Date;
  first: boolean;
}

/**
 * Where announced writes wait until their check is done ("touched parents" outbox). An
 * entry outlives a crash between the write and its check, so the check is made at the next
 * start (or by the periodic sweep) instead of waiting for a re-scan.
 */
export abstract class TouchedParentsOutbox {
  abstract add(entry: TouchedParents): Promise<void>;
  abstract remove(id: string): Promise<void>;
  /**
   * The write of the entry is whole: its unfinished part is dropped, the check still owed.
   * Answers false, dropping nothing, once an undo has claimed the entry (or it is gone).
   */
  abstract settle(id: string): Promise<boolean>;
  /**
   * The entry's writer is still at it: its `at` moves to `at`. Answers false, moving
   * nothing, once an undo has claimed the entry (or it is gone): the writer is to stop.
   */
  abstract refresh(id: string, at: Date): Promise<boolean>;
  /**
   * Takes the entry's unfinished write for an undo if its writer has been silent since
   * `quietBefore` (`at` older), stamping it `now`; an entry taken before is answered as it
   * was taken. Undefined: not to be taken (its writer spoke lately, it settled, it is gone).
   * One document's update, so of a claim and its writer's refresh or settle, one wins.
   */
  abstract claim(id: string, quietBefore: Date, now: Date): Promise<Claim | undefined>;
  /** Entries announced before `before`, oldest first. */
  abstract leftovers(before: Date, limit: number): Promise<TouchedParents[]>;
}

/** Memory only: for unit tests and services built by hand (no crash to survive). */
export class InMemoryTouchedParents extends TouchedParentsOutbox {
  readonly entries = new Map<string, TouchedParents>();
  async add(entry: TouchedParents): Promise<void> {
    this.entries.set(entry.id, structuredClone(entry));
  }
  async remove(id: string): Promise<void> {
    this.entries.delete(id);
  }
  async settle(id: string): Promise<boolean> {
    const entry = this.entries.get(id);
    if (!entry || entry.claimedAt) return false;
    delete entry.unfinished;
    return true;
  }
  async refresh(id: string, at: Date): Promise<boolean> {
    const entry = this.entries.get(id);
    if (!entry || entry.claimedAt) return false;
    entry.at = at;
    return true;
  }
  async claim(id: string, quietBefore: Date, now: Date): Promise<Claim | undefined> {
    const entry = this.entries.get(id);
    if (!entry?.unfinished) return undefined;
    if (entry.claimedAt) return { claimedAt: entry.claimedAt, first: false };
    if (entry.at >= quietBefore) return undefined;
    entry.claimedAt = now;
    return { claimedAt: now, first: true };
  }
  async leftovers(before: Date, limit: number): Promise<TouchedParents[]> {
    return [...this.entries.values()]
      .filter((e) => e.at < before)
      .sort((a, b) => a.at.getTime() - b.at.getTime())
      .slice(0, limit)
      .map((e) => structuredClone(e));
  }
}

/** Leftover entries checked per sweep round. */
const LEFTOVERS_PER_ROUND = 200;

/**
 * The registry announces writes here; the conflict engine listens and re-checks the touched
 * enterprises (insert, then check: two agencies saving one enterprise at once still meet).
 * It keeps the registry free of any dependency on the conflicts feature.
 *
 * Crash safety: a writer calls `announce` before its write and hands what it got back to
 * `publish` after; the outbox entry is removed only once the check is done. A crash (or a
 * failed write) in between leaves the entry, and `checkLeftovers` makes the check later.
 */
@Injectable()
export class ParentsChangedBus {
  private readonly listeners: ParentsChangedListener[] = [];
  private readonly finishers = new Map<string, UnfinishedWriteFinisher>();
  /** Entries the last checkLeftovers kept because their writers are still at them. */
  stillWriting = 0;

  constructor(
    @Optional() private readonly outbox: TouchedParentsOutbox = new InMemoryTouchedParents(),
  ) {}

  subscribe(listener: ParentsChangedListener): void {
    this.listeners.push(listener);
  }

  /** The feature that writes unfinished writes of `kind` says how to finish them. */
  finishWith(kind: string, finisher: UnfinishedWriteFinisher): void {
    this.finishers.set(kind, finisher);
  }

  /**
   * Before a write that changes inspections of `parentTaxCodes`: made durable first. A write
   * of several steps passes what is needed to finish it (`unfinished`); it is kept even when
   * no parent is touched.
   */
  async announce(
    parentTaxCodes: string[],
    actor: string,
    unfinished?: UnfinishedWrite,
  ): Promise<TouchedParents | undefined> {
    const parents = [...new Set(parentTaxCodes)];
    if (parents.length === 0 && !unfinished) return undefined;
    const entry: TouchedParents = {
      id: randomUUID(),
      parentTaxCodes: parents,
      actor,
      at: new Date(),
      ...(unfinished && { unfinished }),
    };
    await this.outbox.add(entry);
    return entry;
  }

  /**
   * A write of several steps that is now whole: nothing of it is left to finish or undo after
   * a crash (its parents are still to be checked, by `publish` or the sweep).
   */
  async settle(announced?: TouchedParents): Promise<boolean> {
    return announced?.unfinished ? this.outbox.settle(announced.id) : true;
  }

  /**
   * A long write of several steps says it is still going: its entry counts as young again, so
   * sweeps (here or on another replica) leave it to its writer. False: an undo took it after
   * the writer was silent too long; the writer stops and undoes what it wrote since.
   */
  async keepAlive(announced: TouchedParents): Promise<boolean> {
    announced.at = new Date();
    return this.outbox.refresh(announced.id, announced.at);
  }

  /**
   * For a finisher that undoes: takes the entry from its writer if silent for `quietMs`
   * (wall-clock time, as the outbox keeps it), so the writer's next keepAlive or settle fails
   * and it writes no more. Undefined: the writer spoke lately (or settled): leave it.
   */
  async claim(entry: TouchedParents, quietMs: number): Promise<Claim | undefined> {
    const now = new Date();
    return this.outbox.claim(entry.id, new Date(now.getTime() - quietMs), now);
  }

  /**
   * A write announced beside its reads and then refused before it wrote anything: there is
   * nothing to check. (Left behind by a failure here, the entry costs one idle check.)
   */
  async withdraw(announced: Promise<TouchedParents | undefined>): Promise<void> {
    const entry = await announced.catch(() => undefined);
    if (entry) await this.outbox.remove(entry.id);
  }

  /** After the write: checks the parents, then clears what `announce` noted (if anything). */
  async publish(change: ParentsChanged, announced?: TouchedParents): Promise<ConflictDigest[]> {
    const digests = await this.notify(change);
    if (announced) await this.outbox.remove(announced.id);
    return digests;
  }

  /**
   * Finishes the unfinished writes of entries announced before `before`, checks their parents
   * and clears them: the ones a crash or a failed write left behind. Answers how many entries
   * were checked. An entry whose finisher fails (or has none on this replica) stays for the
   * next sweep: its parents are checked only once the write is whole. So does one whose
   * writer is still at it (counted in `stillWriting`).
   */
  async checkLeftovers(before: Date): Promise<number> {
    let checked = 0;
    let failure: unknown;
    this.stillWriting = 0;
    for (;;) {
      const round = await this.outbox.leftovers(before, LEFTOVERS_PER_ROUND);
      let kept = 0;
      for (const entry of round) {
        if (entry.unfinished) {
          const finish = this.finishers.get(entry.unfinished.kind);
          // One that cannot be finished now does not hold up the others.
          const outcome = finish
            ? await finish(entry.unfinished.data, entry.actor, entry).then(
                (answer) => (answer === STILL_WRITING ? 'writing' : 'finished'),
                (error: unknown) => ((failure ??= error), 'failed'),
              )
            : 'failed';
          if (outcome !== 'finished') {
            if (outcome === 'writing') this.stillWriting++;
            kept++;
            continue;
          }
        }
        await this.notify({ parentTaxCodes: entry.parentTaxCodes, actor: entry.actor });
        await this.outbox.remove(entry.id);
        checked++;
      }
      // A full round of entries kept would come back the same: stop until the next sweep.
      if (round.length < LEFTOVERS_PER_ROUND || kept === round.length) {
        if (failure) throw failure;
        return checked;
      }
    }
  }

  private async notify({ parentTaxCodes, actor }: ParentsChanged): Promise<ConflictDigest[]> {
    if (parentTaxCodes.length === 0) return [];
    const results = await Promise.all(this.listeners.map((l) => l({ parentTaxCodes, actor })));
    return results.flat();
  }
}
