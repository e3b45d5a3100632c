// Minutes of a coordination meeting ("BIÊN BẢN HỌP PHỐI HỢP") as a .docx: the agenda with
// each conflict read aloud in Vietnamese and the decision taken. Pure: view in, bytes out.
import { TZDate } from '@date-fns/tz';
import { format } from 'date-fns';
import {
  AlignmentType,
  Document,
  HeadingLevel,
  Packer,
  Paragraph,
  Table,
  TableCell,
  TableRow,
  TextRun,
  WidthType,
} from 'docx';
import { DOMAIN_TIME_ZONE } from '../domain/calendar-day';
import type { MeetingView } from './meetings.service';

const STATUS_VI = {
  planned: 'Dự kiến',
  held: 'Đã họp',
  closed: 'Đã kết thúc',
  cancelled: 'Đã hủy',
} as const;

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

export async function renderMinutesDocx(
  meeting: MeetingView,
  agencyNames: Map<string, string>,
): Promise<Buffer> {
  const header = new TableRow({
    tableHeader: true,
    children: ['STT', 'Doanh nghiệp (MST)', 'Nội dung chồng chéo', 'Kết luận của cuộc họp'].map(
      (h) => cell(h, true),
    ),
  });
  const rows = meeting.agenda.map((item) => {
    const c = item.conflict;
    const enterprise = c ? `${c.enterpriseName ?? ''} (MST ${c.taxCode})` : item.conflictId;
    const issue = c ? `${c.explanation.vi}\nCăn cứ: ${c.legalBasis.vi}` : '(không còn dữ liệu)';
    const decision = item.decision
      ? `${item.decision.summary}\nNgười quyết định: ${item.decision.decidedBy}`
      : 'Chưa có kết luận';
    return new TableRow({
      children: [cell(String(item.order)), cell(enterprise), cell(issue), cell(decision)],
    });
  });
  const decided = meeting.agenda.filter((a) => a.decision).length;
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
            children: [new TextRun({ text: meeting.title, italics: true })],
          }),
          line('Thời gian', `từ ${when(meeting.start)} đến ${when(meeting.end)}`),
          line('Địa điểm', meeting.place),
          line('Chủ trì', meeting.chair),
          line(
            'Cơ quan tham dự',
            meeting.agencyCodes.map((c) => agencyNames.get(c) ?? c).join('; '),
          ),
          ...(meeting.attendees.length ? [line('Thành phần', meeting.attendees.join('; '))] : []),
          line(
            'Phạm vi',
            `kế hoạch năm ${meeting.scope.year}; ${meeting.agenda.length} nội dung chồng chéo, đã kết luận ${decided}`,
          ),
          line('Tình trạng', STATUS_VI[meeting.status]),
          new Paragraph({
            heading: HeadingLevel.HEADING_2,
            children: [new TextRun({ text: 'Nội dung và kết luận', bold: true })],
          }),
          new Table({ width: { size: 100, type: WidthType.PERCENTAGE }, rows: [header, ...rows] }),
          ...(meeting.notes
            ? [
                new Paragraph({
                  heading: HeadingLevel.HEADING_2,
                  children: [new TextRun({ text: 'Ghi chú', bold: true })],
                }),
                new Paragraph(meeting.notes),
              ]
            : []),
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
