// Minutes of a coordination meeting ("BIÊN BẢN HỌP PHỐI HỢP") as a .docx: the agenda with
// each conflict read aloud in Vietnamese and the decision taken. Pure: view in, bytes out.
import { TZDate } from '@date-fns/tz';
import { format } from 'date-fns';
import {
  AlignmentType,
  Document,
  HeadingLevel,
  ImageRun,
  Packer,
  Paragraph,
  Table,
  TableCell,
  TableRow,
  TextRun,
  WidthType,
} from 'docx';
import { DOMAIN_TIME_ZONE } from '../domain/calendar-day';
import { CONFLICT_SETTLED_VI } from '../domain/vocabulary';
import { decisionSummaryVi } from './decision-summary';
import { MEETING_STATUS_LABEL_VI } from './meeting';
import type { InspectionRegistration } from './inspection-registrations';
import type { AgendaItemView, MeetingView } from './meetings.service';

function when(d: Date): string {
  return format(new TZDate(d, DOMAIN_TIME_ZONE), "HH 'giờ' mm', ngày' dd/MM/yyyy");
}

function cell(text: string, bold = false): TableCell {
  return new TableCell({
    children: text
      .split('\n')
      .map((line) => new Paragraph({ children: [new TextRun({ text: line, bold })] })),
  });
}

function line(label: string, value: string): Paragraph {
  return new Paragraph({
    children: [new TextRun({ text: `${label}: `, bold: true }), new TextRun(value)],
  });
}

/** The day of the meeting in Vietnam (for file names): "2026-01-15". */
export function meetingDay(d: Date): string {
  return format(new TZDate(d, DOMAIN_TIME_ZONE), 'yyyy-MM-dd');
}

/** The last column: what the meeting concluded, or why it had nothing to conclude. */
function conclusion(item: AgendaItemView): string {
  if (item.decision) {
    return [
      item.decision.summary,
      ...(item.decision.legalBasis ? [`Căn cứ pháp lý: ${item.decision.legalBasis}`] : []),
      `Người quyết định: ${item.decision.decidedBy}`,
    ].join('\n');
  }
  const c = item.conflict;
  if (item.outcome === 'settled-elsewhere' && c) {
    const how = c.resolution
      ? decisionSummaryVi(c.resolution, [])
      : (c.closure?.explanation.vi ?? '');
    return `Chưa có kết luận của cuộc họp (${c.status === 'open' ? c.status : CONFLICT_SETTLED_VI[c.status]} ngoài cuộc họp${how ? `: ${how}` : ''})`;
  }
  return 'Chưa có kết luận';
}

function enterpriseOf(item: AgendaItemView): string {
  const c = item.conflict;
  return c ? `${c.enterpriseName ?? ''}\nMST ${c.taxCode}`.trim() : item.conflictId;
}

/** One approved inspection's code and QR: what an enterprise checks at the door. */
function registrationRow(r: InspectionRegistration): TableRow {
  return new TableRow({
    children: [
      new TableCell({
        children: [
          new Paragraph({ children: [new TextRun({ text: r.code, bold: true })] }),
          new Paragraph(r.label),
          new Paragraph(r.verifyUrl),
        ],
      }),
      new TableCell({
        children: [
          new Paragraph({
            children: [
              new ImageRun({
                type: 'png',
                data: r.qrPng,
                transformation: { width: 96, height: 96 },
              }),
            ],
          }),
        ],
      }),
    ],
  });
}

export async function renderMinutesDocx(
  meeting: MeetingView,
  agencyNames: Map<string, string>,
  registrations: InspectionRegistration[] = [],
): Promise<Buffer> {
  const header = new TableRow({
    tableHeader: true,
    children: [
      'STT',
      'Doanh nghiệp (MST)',
      'Quy định',
      'Nội dung chồng chéo',
      'Kết luận của cuộc họp',
    ].map((h) => cell(h, true)),
  });
  const rows = meeting.agenda.map((item) => {
    const c = item.conflict;
    const rule = c ? `${c.rule.vi}\n${c.legalBasis.vi}` : '';
    const issue = c ? c.explanation.vi : '(không còn dữ liệu về nội dung này)';
    return new TableRow({
      children: [
        cell(String(item.order)),
        cell(enterpriseOf(item)),
        cell(rule),
        cell(issue),
        cell(conclusion(item)),
      ],
    });
  });
  const undecided = meeting.agenda.filter((a) => !a.decision);
  const decided = meeting.agenda.length - undecided.length;
  const scopeParts = [
    `kế hoạch năm ${meeting.scope.year}`,
    ...(meeting.scope.agencyCodes?.length
      ? [`cơ quan ${meeting.scope.agencyCodes.map((c) => agencyNames.get(c) ?? c).join(', ')}`]
      : []),
    ...(meeting.scope.taxCodes?.length
      ? [`doanh nghiệp có MST ${meeting.scope.taxCodes.join(', ')}`]
      : []),
  ];
  const heading = (text: string) =>
    new Paragraph({
      heading: HeadingLevel.HEADING_2,
      children: [new TextRun({ text, bold: true })],
    });
  const doc = new Document({
    creator: 'inspection-scheduler',
    title: `Biên bản họp phối hợp — ${meeting.title}`,
    styles: { default: { document: { run: { font: 'Times New Roman', size: 26 } } } },
    sections: [
      {
        children: [
          new Paragraph({
            alignment: AlignmentType.CENTER,
            children: [new TextRun({ text: 'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM', bold: true })],
          }),
          new Paragraph({
            alignment: AlignmentType.CENTER,
            children: [new TextRun({ text: 'Độc lập - Tự do - Hạnh phúc', bold: true })],
          }),
          new Paragraph({
            alignment: AlignmentType.CENTER,
            heading: HeadingLevel.HEADING_1,
            children: [new TextRun({ text: 'BIÊN BẢN HỌP PHỐI HỢP', bold: true })],
          }),
          new Paragraph({
            alignment: AlignmentType.CENTER,
            children: [
              new TextRun({
                text: 'về kế hoạch thanh tra, kiểm tra doanh nghiệp',
                italics: true,
              }),
            ],
          }),
          new Paragraph({
            alignment: AlignmentType.CENTER,
            children: [new TextRun({ text: meeting.title, italics: true })],
          }),
          line('Thời gian', `từ ${when(meeting.start)} đến ${when(meeting.end)}`),
          line('Địa điểm', meeting.place),
          line('Chủ trì', meeting.chair),
          line(
            'Cơ quan tham dự',
            meeting.agencyCodes.map((c) => agencyNames.get(c) ?? c).join('; '),
          ),
          line(
            'Thành phần tham dự',
            meeting.attendees.length ? meeting.attendees.join('; ') : '(chưa ghi nhận)',
          ),
          line('Phạm vi', scopeParts.join('; ')),
          line(
            'Kết quả',
            `${meeting.agenda.length} nội dung chồng chéo; đã kết luận ${decided}, chưa kết luận ${undecided.length}`,
          ),
          line('Tình trạng cuộc họp', MEETING_STATUS_LABEL_VI[meeting.status]),
          heading('I. Nội dung và kết luận'),
          meeting.agenda.length
            ? new Table({
                width: { size: 100, type: WidthType.PERCENTAGE },
                rows: [header, ...rows],
              })
            : new Paragraph('Không có nội dung chồng chéo trong phạm vi cuộc họp.'),
          heading('II. Nội dung chưa có kết luận'),
          ...(undecided.length
            ? undecided.map(
                (item) =>
                  new Paragraph({
                    bullet: { level: 0 },
                    children: [
                      new TextRun(
                        `${item.order}. ${enterpriseOf(item).replace('\n', ', ')}: ${conclusion(item)}`,
                      ),
                    ],
                  }),
              )
            : [new Paragraph('Tất cả nội dung đã có kết luận.')]),
          ...(registrations.length
            ? [
                heading('III. Mã đăng ký các cuộc thanh tra, kiểm tra đã phê duyệt'),
                new Paragraph(
                  'Doanh nghiệp quét mã QR hoặc nhập mã tại địa chỉ bên cạnh để kiểm tra cuộc thanh tra, kiểm tra có trong kế hoạch đã phê duyệt.',
                ),
                new Table({
                  width: { size: 100, type: WidthType.PERCENTAGE },
                  rows: registrations.map(registrationRow),
                }),
              ]
            : []),
          ...(meeting.notes
            ? [
                heading(registrations.length ? 'IV. Ý kiến, ghi chú' : 'III. Ý kiến, ghi chú'),
                ...meeting.notes.split('\n').map((text) => new Paragraph(text)),
              ]
            : []),
          new Paragraph(''),
          new Paragraph({
            alignment: AlignmentType.RIGHT,
            children: [new TextRun({ text: 'CHỦ TRÌ CUỘC HỌP', bold: true })],
          }),
          new Paragraph({ alignment: AlignmentType.RIGHT, children: [new TextRun(meeting.chair)] }),
        ],
      },
    ],
  });
  return Packer.toBuffer(doc);
}
