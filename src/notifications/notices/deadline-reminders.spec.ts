import { reminderStage, OVERDUE_REMINDER_LOOKBACK_DAYS } from './deadline-reminders';
import { deadlineReminder } from './deadline-reminders.service';
import type { MailSettings } from '../mail-settings';

describe('deadline reminder stages', () => {
  const due = (dueDate: string, status = 'due') => ({ dueDate, status });

  it('is due soon from N days before the due day, through the day itself', () => {
    expect(reminderStage(due('2026-04-16'), '2026-04-12', 3)).toBeNull();
    expect(reminderStage(due('2026-04-16'), '2026-04-13', 3)).toBe('due-soon');
    expect(reminderStage(due('2026-04-16'), '2026-04-16', 3)).toBe('due-soon');
  });

  it(`is overdue once passed undone, for ${OVERDUE_REMINDER_LOOKBACK_DAYS} days; done ones never`, () => {
    expect(reminderStage(due('2026-04-16', 'overdue'), '2026-04-17', 3)).toBe('overdue');
    expect(reminderStage(due('2026-04-16', 'overdue'), '2026-05-16', 3)).toBe('overdue');
    expect(reminderStage(due('2026-04-16', 'overdue'), '2026-05-17', 3)).toBeNull();
    expect(reminderStage(due('2026-04-16', 'done-in-time'), '2026-04-15', 3)).toBeNull();
    expect(reminderStage(due('2026-04-16', 'late'), '2026-04-20', 3)).toBeNull();
  });

  it('keys one mail per deadline, stage and address (case aside), in NFC Vietnamese', () => {
    const settings = { publicBaseUrl: 'https://lich.example.vn' } as MailSettings;
    const d = {
      id: 'i1.ltt2025.announcement.2026-04-16',
      stage: 'due-soon' as const,
      dueDay: '2026-04-16',
      agencyCode: 'TTT',
      agencyLabel: 'Thanh tra tỉnh',
      step: 'announcement',
      statementVi: 'Quyết định thanh tra được công bố trong 15 ngày',
      type: 'thanh-tra' as const,
      inspectionId: 'i1',
      taxCode: '0100109106',
      enterpriseName: 'Công ty Hải Âu'.normalize('NFD'),
    };
    const m = deadlineReminder(d, { email: 'An@TTT.vn', name: 'An' }, '2026-04-16', settings);
    expect(m.key).toBe('deadline:i1.ltt2025.announcement.2026-04-16:due-soon:an@ttt.vn');
    expect(m.mail.text).toContain('đến hạn hôm nay, ngày 16/04/2026');
    expect(m.mail.text).toContain('https://lich.example.vn/web/inspections/i1');
    expect(m.mail.subject).toBe(
      'Sắp đến hạn công bố quyết định thanh tra (16/04/2026) — Công ty Hải Âu',
    );
    expect(m.mail.text).toBe(m.mail.text.normalize('NFC'));
  });
});
