// Public surface of the calendar core: pure functions, no Nest, no database.
export type {
  AllDayTiming,
  CalendarAttendee,
  CalendarEvent,
  CalendarEventStatus,
  CalendarFeed,
  CalendarPerson,
  EventTiming,
  TimedTiming,
} from './model';
export {
  renderCalendar,
  renderCalendarDocument,
  isoDuration,
  type RenderedCalendar,
} from './render';
export { strongEtag } from './etag';
export { lintIcs, type LintCode, type LintProblem } from './lint';
export { subscribeLinks, type SubscribeLinks } from './subscribe-links';
export {
  eventUid,
  feedUidScope,
  type CalendarRecordKind,
  type FeedScopeKind,
  type FeedScopeRef,
} from './uid';
export { vtimezoneFor } from './vtimezone';
export { domainDayOf, domainInstant, inDomainZone } from './zone';
export {
  DEFAULT_WITHDRAWN_RETENTION_DAYS,
  isWithdrawnStillVisible,
  linksFor,
  withdrawnVisibleUntil,
  type CalendarLinks,
  type CalendarMappingContext,
} from './mapping-context';
export type { AgencyRef } from './vi-format';
export {
  inspectionEvents,
  inspectionSummary,
  inspectionToEvent,
  type InspectionCalendarView,
} from './inspection-events';
export {
  deadlineSummary,
  deadlineToEvent,
  OVERDUE_PREFIX,
  type DeadlineCalendarView,
} from './deadline-events';
export {
  meetingEvents,
  meetingSummary,
  meetingToEvent,
  type MeetingCalendarView,
} from './meeting-events';
export {
  conflictEvents,
  conflictToEvents,
  type ConflictCalendarStatus,
  type ConflictCalendarView,
  type ConflictInspectionRef,
} from './conflict-events';
export {
  contentHash,
  GONE_PREFIX,
  reconcile,
  sameLedger,
  type FeedLedger,
  type PublishedEvent,
} from './ledger';
export { plainText, renderCalendarBytesAsync } from './render';
