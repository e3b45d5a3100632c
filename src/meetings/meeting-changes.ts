import { Injectable } from '@nestjs/common';
import type { Meeting } from './meeting';

/** A meeting saved: created (no `previous`) or changed (`previous` as it was read). */
export interface MeetingChanged {
  meeting: Meeting;
  previous?: Meeting;
  actor: string;
}

export type MeetingChangedListener = (change: MeetingChanged) => Promise<void>;

/**
 * Meetings announce every saved create/update here, awaited before the request answers
 * (invitations are enqueued in that step). Keeps meetings free of any notifications import.
 */
@Injectable()
export class MeetingChangesBus {
  private readonly listeners: MeetingChangedListener[] = [];

  subscribe(listener: MeetingChangedListener): void {
    this.listeners.push(listener);
  }

  async publish(change: MeetingChanged): Promise<void> {
    await Promise.all(this.listeners.map((l) => l(change)));
  }
}
