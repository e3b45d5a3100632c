// Three independent iCalendar parsers for feed tests: ical.js (Thunderbird, Nextcloud),
// node-ical, and python's icalendar (the Debian package python3-icalendar; .ci/run installs it).
// Each returns the same small shape, so a test can assert that all three read the same feed.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import ICAL from 'ical.js';
import * as nodeIcal from 'node-ical';

export interface ParsedEvent {
  uid: string;
  summary: string;
  status: string;
  sequence: number;
  organizer: string;
}

export interface ParsedFeed {
  parser: 'ical.js' | 'node-ical' | 'python-icalendar';
  /** X-WR-CALNAME as the client shows it (ical.js: raw, the way Thunderbird does). */
  name: string;
  description: string;
  events: ParsedEvent[];
}

export function withIcalJs(body: string): ParsedFeed {
  const root = new ICAL.Component(ICAL.parse(body));
  return {
    parser: 'ical.js',
    name: String(root.getFirstPropertyValue('x-wr-calname')),
    description: String(root.getFirstPropertyValue('x-wr-caldesc')),
    events: root.getAllSubcomponents('vevent').map((v) => ({
      uid: String(v.getFirstPropertyValue('uid')),
      summary: String(v.getFirstPropertyValue('summary')),
      status: String(v.getFirstPropertyValue('status')),
      sequence: Number(v.getFirstPropertyValue('sequence')),
      organizer: String(v.getFirstPropertyValue('organizer') ?? ''),
    })),
  };
}

export function withNodeIcal(body: string): ParsedFeed {
  const all = nodeIcal.sync.parseICS(body);
  const calendar = all.vcalendar as unknown as Record<string, string>;
  const events = Object.values(all).filter((c): c is nodeIcal.VEvent => c.type === 'VEVENT');
  return {
    parser: 'node-ical',
    name: String(calendar['WR-CALNAME']),
    description: String(calendar['WR-CALDESC']),
    events: events.map((e) => {
      const organizer = e.organizer as unknown as { val?: string } | string | undefined;
      return {
        uid: String(e.uid),
        summary: String(e.summary),
        status: String(e.status),
        sequence: Number(e.sequence),
        organizer: String(typeof organizer === 'string' ? organizer : (organizer?.val ?? '')),
      };
    }),
  };
}

const PYTHON = `
import sys, json
from icalendar import Calendar
cal = Calendar.from_ical(sys.stdin.buffer.read())
out = {"name": str(cal.get("X-WR-CALNAME")), "description": str(cal.get("X-WR-CALDESC")), "events": []}
for c in cal.walk("VEVENT"):
    out["events"].append({"uid": str(c.get("UID")), "summary": str(c.get("SUMMARY")),
        "status": str(c.get("STATUS")), "sequence": int(c.get("SEQUENCE", 0)),
        "organizer": str(c.get("ORGANIZER", ""))})
sys.stdout.write(json.dumps(out, ensure_ascii=False))
`;

/** The system interpreter, where apt puts python3-icalendar (a pyenv shim would not see it). */
const PYTHON_BIN =
  process.env.ICALENDAR_PYTHON ?? (existsSync('/usr/bin/python3') ? '/usr/bin/python3' : 'python3');

export function withPythonIcalendar(body: string): ParsedFeed {
  const run = spawnSync(PYTHON_BIN, ['-c', PYTHON], { input: body, encoding: 'utf8' });
  if (run.status !== 0) throw new Error(`python icalendar failed: ${run.stderr || run.error}`);
  return { parser: 'python-icalendar', ...(JSON.parse(run.stdout) as Omit<ParsedFeed, 'parser'>) };
}

/** All three; throws if they disagree on which events there are or what state they are in. */
export function parseEverywhere(body: string): ParsedFeed[] {
  const all = [withIcalJs(body), withNodeIcal(body), withPythonIcalendar(body)];
  const key = (f: ParsedFeed) =>
    JSON.stringify(
      f.events
        // python's icalendar decodes some %XX in UIDs (consistently, so its clients still match).
        .map((e) => [
          decodeURIComponent(e.uid),
          e.summary,
          e.status,
          e.sequence,
          e.organizer.toLowerCase(),
        ])
        .sort(),
    );
  const first = key(all[0]);
  for (const f of all.slice(1)) {
    if (key(f) !== first)
      throw new Error(`${f.parser} reads the feed differently from ical.js:\n${key(f)}\n${first}`);
  }
  return all;
}
