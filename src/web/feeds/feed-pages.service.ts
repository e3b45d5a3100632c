import { Injectable } from '@nestjs/common';
import QRCode from 'qrcode';
import { AgenciesService } from '../../agencies/agencies.service';
import { FEED_SCOPES } from '../../feeds/feed';
import { CreateFeedDto } from '../../feeds/feed.dto';
import { assertMaySubscribe } from '../../feeds/feeds.controller';
import { FeedsService } from '../../feeds/feeds.service';
import type { Principal } from '../../identity/authentication/principal';
import { seesEveryAgency } from '../../identity/authorization/agency-scope';
import { FieldErrors, fieldErrorsOf, formAs, withoutBlanks } from '../forms/form-errors';
import { PageView } from '../rendering/page-renderer';
import { PageResult, redirectTo } from '../rendering/page-responder';

const SCOPE_LABELS: Record<string, string> = {
  agency: 'Lịch của một cơ quan',
  conflicts: 'Chồng chéo liên quan đến một cơ quan',
  enterprise: 'Lịch của một doanh nghiệp',
  province: 'Lịch toàn tỉnh',
  meetings: 'Các cuộc họp phối hợp',
};

/** One button per calendar program, in the order people most often use them here, each with its steps. */
const CLIENTS = [
  {
    key: 'outlookDesktop',
    label: 'Outlook trên máy tính',
    steps: [
      'Bấm nút «Outlook trên máy tính»; trình duyệt hỏi mở Outlook — chọn Mở (Open).',
      'Outlook hỏi «Thêm lịch này và nhận cập nhật?» — chọn Có (Yes).',
      'Lịch hiện trong mục Lịch khác (Other calendars) và tự cập nhật.',
    ],
  },
  {
    key: 'microsoft365',
    label: 'Outlook trên web (Microsoft 365)',
    steps: [
      'Bấm nút «Outlook trên web (Microsoft 365)».',
      'Đăng nhập bằng tài khoản cơ quan nếu được hỏi.',
      'Ở màn hình hiện ra, bấm Nhập (Import): lịch thêm vào mục Lịch của tôi.',
    ],
  },
  {
    key: 'outlookCom',
    label: 'Outlook.com',
    steps: [
      'Bấm nút «Outlook.com».',
      'Đăng nhập tài khoản Outlook.com (cá nhân) nếu được hỏi.',
      'Bấm Nhập (Import).',
    ],
  },
  {
    key: 'google',
    label: 'Google Lịch',
    steps: [
      'Bấm nút «Google Lịch» và đăng nhập Google nếu được hỏi.',
      'Google hỏi «Thêm lịch?» — bấm Thêm (Add).',
      'Google cập nhật lịch đăng ký vài giờ một lần, không tức thì.',
    ],
  },
  {
    key: 'webcal',
    label: 'Lịch Apple (iPhone, Mac)',
    steps: [
      'Trên iPhone: mở Camera, quét mã QR bên dưới rồi chạm vào đường dẫn hiện ra; trên Mac: bấm nút «Lịch Apple».',
      'Chọn Đăng ký (Subscribe), rồi Thêm (Add).',
    ],
  },
] as const;

const TYPE_VI: Record<string, string> = { 'thanh-tra': 'thanh tra', 'kiem-tra': 'kiểm tra' };

/** A narrower feed the size warning offers, in words. */
function narrowerLabel(f: { year?: number; type?: string; field?: string }): string {
  return [
    f.year && `năm ${f.year}`,
    f.type && `chỉ các cuộc ${TYPE_VI[f.type] ?? f.type}`,
    f.field && `lĩnh vực ${f.field}`,
  ]
    .filter(Boolean)
    .join(', ');
}

@Injectable()
export class FeedPages {
  constructor(
    private readonly feeds: FeedsService,
    private readonly agencies: AgenciesService,
  ) {}

  async index(
    who: Principal,
    query: Record<string, unknown> = {},
    form?: { values: Record<string, unknown>; errors: FieldErrors },
  ): Promise<PageView> {
    const all = seesEveryAgency(who);
    const scopes = FEED_SCOPES.filter(
      (s) => all || s === 'agency' || s === 'conflicts' || s === 'enterprise',
    );
    const mayManage = who.roles.includes('admin') || who.roles.includes('coordinator');
    const [agencies, existing] = await Promise.all([
      this.agencies.list(),
      mayManage ? this.feeds.list() : Promise.resolve([]),
    ]);
    return {
      template: 'feeds.njk',
      title: 'Đăng ký lịch vào Outlook, Google, Apple',
      status: form ? 422 : 200,
      data: {
        scopeOptions: scopes.map((s) => ({ value: s, label: SCOPE_LABELS[s] })),
        agencyOptions: agencies
          .filter((a) => all || who.agencyCodes.some((c) => c.toUpperCase() === a.code))
          .map((a) => ({ value: a.code, label: `${a.name} (${a.code})` })),
        existing,
        scopeLabels: SCOPE_LABELS,
        mayManage,
        notice:
          query.done === 'revoked'
            ? 'Đã thu hồi địa chỉ lịch; lịch đã đăng ký sẽ ngừng cập nhật.'
            : '',
        form: form ?? { values: { scope: scopes[0], ref: who.agencyCodes[0] ?? '' }, errors: {} },
      },
    };
  }

  /** A new secret feed address, shown once, with a button per client and a QR code. */
  async create(who: Principal, body: Record<string, unknown>): Promise<PageView> {
    const input = withoutBlanks(body);
    // The agency scopes take the chosen agency, the enterprise scope the typed tax code.
    if (input.scope === 'enterprise') input.ref = input.taxCode;
    else if (input.scope === 'province' || input.scope === 'meetings') delete input.ref;
    delete input.taxCode;
    if (typeof input.year === 'string' && /^\d+$/.test(input.year)) input.year = Number(input.year);
    try {
      const dto = await formAs(CreateFeedDto, input);
      assertMaySubscribe(who, dto);
      const created = await this.feeds.create(dto, who.username);
      return {
        template: 'feed-created.njk',
        title: created.name,
        data: {
          feed: created,
          clients: CLIENTS.map((c) => ({ ...c, href: created.subscribeLinks[c.key] })),
          qr: await QRCode.toString(created.url, {
            type: 'svg',
            margin: 1,
            errorCorrectionLevel: 'M',
          }),
          size: created.size,
          // Past what Google keeps: narrower feeds of the same scope, to make instead.
          narrower: (created.size.narrower ?? []).map((n) => narrowerLabel(n)),
          mayRevoke: who.roles.includes('admin') || who.roles.includes('coordinator'),
        },
      };
    } catch (error) {
      const errors = fieldErrorsOf(error);
      if (input.scope === 'enterprise' && errors.ref) errors.taxCode = errors.ref;
      return this.index(who, {}, { values: body, errors });
    }
  }

  async revoke(id: string, who: Principal): Promise<PageResult> {
    await this.feeds.revoke(id, who.username);
    return redirectTo('/web/feeds?done=revoked');
  }
}
