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

/** One button per calendar program, in the order people most often use them here. */
const CLIENTS = [
  {
    key: 'outlookDesktop',
    label: 'Outlook trên máy tính',
    steps: 'Bấm nút; Outlook hỏi "Thêm lịch này và nhận cập nhật?" — chọn Có.',
  },
  {
    key: 'microsoft365',
    label: 'Outlook trên web (Microsoft 365)',
    steps: 'Đăng nhập tài khoản cơ quan; bấm Nhập (Import) ở màn hình hiện ra.',
  },
  {
    key: 'outlookCom',
    label: 'Outlook.com',
    steps: 'Đăng nhập tài khoản cá nhân; bấm Nhập (Import).',
  },
  {
    key: 'google',
    label: 'Google Lịch',
    steps: 'Đăng nhập Google; bấm Thêm (Add). Google cập nhật lịch vài giờ một lần.',
  },
  {
    key: 'webcal',
    label: 'Lịch Apple (iPhone, Mac)',
    steps: 'Bấm nút hoặc quét mã QR bằng camera iPhone; chọn Đăng ký (Subscribe).',
  },
] as const;

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
    try {
      const dto = await formAs(CreateFeedDto, input);
      assertMaySubscribe(who, dto);
      const created = await this.feeds.create(dto, who.username);
      const served = await this.feeds.serveByToken(created.token);
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
          size: served
            ? { bytes: served.rendered.body.length, events: served.rendered.eventCount }
            : null,
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
