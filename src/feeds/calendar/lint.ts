// A byte-level lint for iCalendar feeds: what clients silently choke on and parsers forgive.
// Works on the exact bytes served (pass the Buffer), so tests and a runtime self-check see the
// same thing. Line numbers are 1-based physical lines.

export type LintCode =
  | 'empty'
  | 'bom'
  | 'invalid-utf8'
  | 'bare-lf'
  | 'bare-cr'
  | 'no-final-crlf'
  | 'line-too-long'
  | 'split-utf8'
  | 'not-vcalendar'
  | 'component-mismatch'
  | 'dtstamp-not-utc'
  | 'not-utc'
  | 'floating-time'
  | 'missing-vtimezone'
  | 'missing-uid'
  | 'missing-dtstamp'
  | 'duplicate-uid'
  | 'bad-date-range';

export interface LintProblem {
  code: LintCode;
  line: number;
  message: string;
}

const MAX_OCTETS = 75;
const CR = 0x0d;
const LF = 0x0a;
const UTC_DATE_TIME = /^\d{8}T\d{6}Z$/;
const DATE = /^\d{8}$/;
/** Properties that RFC 5545 requires in UTC. */
const UTC_ONLY = new Set(['DTSTAMP', 'LAST-MODIFIED', 'CREATED', 'COMPLETED']);
/** Date-time properties that must be UTC or carry a TZID (never floating) in events/todos. */
const ZONED = new Set(['DTSTART', 'DTEND', 'DUE', 'RECURRENCE-ID', 'EXDATE', 'RDATE']);
const TIME_ZONE_PARTS = new Set(['VTIMEZONE', 'STANDARD', 'DAYLIGHT']);

interface ContentLine {
  line: number;
  name: string;
  params: Map<string, string>;
  value: string;
}

export function lintIcs(input: string | Uint8Array): LintProblem[] {
  const bytes = typeof input === 'string' ? Buffer.from(input, 'utf8') : Buffer.from(input);
  const problems: LintProblem[] = [];
  const report = (code: LintCode, line: number, message: string) =>
    problems.push({ code, line, message });
  if (bytes.length === 0) {
    report('empty', 1, 'empty document');
    return problems;
  }
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) {
    report('bom', 1, 'starts with a UTF-8 byte order mark');
  }
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    report('invalid-utf8', 1, 'not valid UTF-8');
  }
  if (bytes.length < 2 || bytes[bytes.length - 2] !== CR || bytes[bytes.length - 1] !== LF) {
    report('no-final-crlf', 0, 'the last line does not end with CRLF');
  }
  const physical = physicalLines(bytes, report);
  physical.forEach(([start, end], i) => {
    const line = i + 1;
    if (end - start > MAX_OCTETS) {
      report('line-too-long', line, `${end - start} octets (max ${MAX_OCTETS})`);
    }
    const folded = i > 0 && (bytes[start] === 0x20 || bytes[start] === 0x09);
    if ((folded && isContinuationByte(bytes[start + 1])) || endsMidCharacter(bytes, start, end)) {
      report('split-utf8', line, 'a fold splits a UTF-8 character');
    }
  });
  checkContent(unfold(bytes, physical), report);
  return problems;
}

/** [start, end) of each physical line, without its line break; flags bare CR/LF on the way. */
function physicalLines(
  bytes: Buffer,
  report: (code: LintCode, line: number, message: string) => void,
): [number, number][] {
  const lines: [number, number][] = [];
  let start = 0;
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i];
    if (b === CR) {
      if (bytes[i + 1] === LF) {
        lines.push([start, i]);
        start = i + 2;
        i++;
      } else {
        report('bare-cr', lines.length + 1, 'CR not followed by LF');
      }
    } else if (b === LF) {
      report('bare-lf', lines.length + 1, 'LF without CR');
      lines.push([start, i]);
      start = i + 1;
    }
  }
  if (start < bytes.length) lines.push([start, bytes.length]);
  return lines;
}

function isContinuationByte(b: number | undefined): boolean {
  return b !== undefined && (b & 0xc0) === 0x80;
}

/** True when the line's last UTF-8 sequence is cut short (its tail went to the next line). */
function endsMidCharacter(bytes: Buffer, start: number, end: number): boolean {
  let i = end - 1;
  let trailing = 0;
  while (i >= start && isContinuationByte(bytes[i]) && trailing < 3) {
    i--;
    trailing++;
  }
  if (i < start) return trailing > 0;
  const lead = bytes[i];
  const expected = lead >= 0xf0 ? 3 : lead >= 0xe0 ? 2 : lead >= 0xc0 ? 1 : 0;
  return trailing < expected;
}

function unfold(bytes: Buffer, physical: [number, number][]): ContentLine[] {
  const out: ContentLine[] = [];
  let parts: Buffer[] = [];
  let first = 0;
  const flush = () => {
    if (parts.length) out.push(parseContentLine(Buffer.concat(parts).toString('utf8'), first));
    parts = [];
  };
  physical.forEach(([start, end], i) => {
    const folded = i > 0 && (bytes[start] === 0x20 || bytes[start] === 0x09);
    if (folded) {
      parts.push(bytes.subarray(start + 1, end));
      return;
    }
    flush();
    if (end > start) {
      first = i + 1;
      parts.push(bytes.subarray(start, end));
    }
  });
  flush();
  return out;
}

/** name *(;param=value) : value — quoted parameter values may hold ; and :. */
function parseContentLine(text: string, line: number): ContentLine {
  const params = new Map<string, string>();
  let i = 0;
  while (i < text.length && text[i] !== ';' && text[i] !== ':') i++;
  const name = text.slice(0, i).toUpperCase();
  while (text[i] === ';') {
    const eq = text.indexOf('=', i);
    if (eq < 0) break;
    const key = text.slice(i + 1, eq).toUpperCase();
    let j = eq + 1;
    let value = '';
    if (text[j] === '"') {
      const close = text.indexOf('"', j + 1);
      value = text.slice(j + 1, close < 0 ? text.length : close);
      j = close < 0 ? text.length : close + 1;
    }
    while (j < text.length && text[j] !== ';' && text[j] !== ':') value += text[j++];
    params.set(key, value);
    i = j;
  }
  return { line, name, params, value: text[i] === ':' ? text.slice(i + 1) : '' };
}

function checkContent(
  lines: ContentLine[],
  report: (code: LintCode, line: number, message: string) => void,
): void {
  if (lines[0]?.name !== 'BEGIN' || lines[0].value !== 'VCALENDAR') {
    report('not-vcalendar', 1, 'does not start with BEGIN:VCALENDAR');
  }
  const last = lines[lines.length - 1];
  if (last?.name !== 'END' || last.value !== 'VCALENDAR') {
    report('not-vcalendar', last?.line ?? 1, 'does not end with END:VCALENDAR');
  }
  const stack: string[] = [];
  const tzidsUsed = new Map<string, number>();
  const tzidsDefined = new Set<string>();
  const uids = new Map<string, number>();
  let event: {
    line: number;
    uid?: string;
    recurrence?: string;
    stamp: boolean;
    start?: string;
    end?: string;
  } | null = null;
  for (const cl of lines) {
    if (cl.name === 'BEGIN') {
      stack.push(cl.value);
      if (cl.value === 'VEVENT' || cl.value === 'VTODO') event = { line: cl.line, stamp: false };
      continue;
    }
    if (cl.name === 'END') {
      const open = stack.pop();
      if (open !== cl.value) {
        report('component-mismatch', cl.line, `END:${cl.value} closes ${open ?? 'nothing'}`);
      }
      if ((cl.value === 'VEVENT' || cl.value === 'VTODO') && event) {
        if (!event.uid) report('missing-uid', event.line, `${cl.value} without UID`);
        if (!event.stamp) report('missing-dtstamp', event.line, `${cl.value} without DTSTAMP`);
        if (event.uid) {
          const key = `${event.uid}\u0000${event.recurrence ?? ''}`;
          const seen = uids.get(key);
          if (seen !== undefined) {
            report('duplicate-uid', event.line, `UID ${event.uid} already used at line ${seen}`);
          } else uids.set(key, event.line);
        }
        if (event.start && event.end && event.end <= event.start) {
          report(
            'bad-date-range',
            event.line,
            `DTEND ${event.end} is not after DTSTART ${event.start}`,
          );
        }
        event = null;
      }
      continue;
    }
    const tzid = cl.params.get('TZID');
    const inTimeZone = stack.some((c) => TIME_ZONE_PARTS.has(c));
    if (tzid !== undefined && !inTimeZone && !tzidsUsed.has(tzid)) tzidsUsed.set(tzid, cl.line);
    if (cl.name === 'TZID' && stack[stack.length - 1] === 'VTIMEZONE') tzidsDefined.add(cl.value);
    if (UTC_ONLY.has(cl.name) && !inTimeZone && !UTC_DATE_TIME.test(cl.value)) {
      report(
        cl.name === 'DTSTAMP' ? 'dtstamp-not-utc' : 'not-utc',
        cl.line,
        `${cl.name} must be a UTC date-time (…Z): ${cl.value}`,
      );
    }
    if (ZONED.has(cl.name) && !inTimeZone) {
      const isDate = cl.params.get('VALUE') === 'DATE';
      const values = cl.value.split(',');
      if (!isDate && tzid === undefined && values.some((v) => !v.endsWith('Z'))) {
        report('floating-time', cl.line, `${cl.name} has a floating time: ${cl.value}`);
      }
      if (event && isDate && DATE.test(cl.value)) {
        if (cl.name === 'DTSTART') event.start = cl.value;
        if (cl.name === 'DTEND') event.end = cl.value;
      }
    }
    if (event) {
      if (cl.name === 'UID') event.uid = cl.value;
      if (cl.name === 'DTSTAMP') event.stamp = true;
      if (cl.name === 'RECURRENCE-ID') event.recurrence = cl.value;
    }
  }
  for (const [tzid, line] of tzidsUsed) {
    if (!tzidsDefined.has(tzid)) report('missing-vtimezone', line, `no VTIMEZONE for TZID ${tzid}`);
  }
}
