import { Inject, Injectable } from '@nestjs/common';
import { AppConfig } from '../../config/app-config';
import { APP_CONFIG } from '../../config/config.module';
import type { Principal } from '../../identity/authentication/principal';
import { UpdatePreferencesDto } from '../../notifications/notifications.dto';
import { NotificationsService } from '../../notifications/notifications.service';
import { FieldErrors, fieldErrorsOf, formAs } from '../forms/form-errors';
import { PageView } from '../rendering/page-renderer';
import { PageResult, redirectTo } from '../rendering/page-responder';

/** How often, as a person chooses it; only those not below the deployment's floor are offered. */
const PERIODS: Array<{ minutes: number; label: string }> = [
  { minutes: 60, label: 'Tối đa mỗi giờ một thư' },
  { minutes: 240, label: 'Tối đa 4 giờ một thư' },
  { minutes: 1440, label: 'Tối đa mỗi ngày một thư' },
  { minutes: 10080, label: 'Tối đa mỗi tuần một thư' },
];

const checked = (v: unknown) => v === '1' || v === 'on' || v === 'true';

/**
 * "Thông báo": which digests the signed-in account receives and how often — the service behind
 * GET/PUT /notifications/preferences. The digests' footers send people here.
 */
@Injectable()
export class NotificationPages {
  constructor(
    private readonly notifications: NotificationsService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async view(who: Principal, query: Record<string, unknown>): Promise<PageView> {
    const prefs = await this.notifications.preferences(who.accountId);
    return this.page(
      who,
      {
        agencyDigest: prefs.agencyDigest,
        coordinatorDigest: prefs.coordinatorDigest,
        periodMinutes: String(prefs.periodMinutes),
      },
      {},
      query.done === 'saved' ? 'Đã lưu lựa chọn nhận thông báo.' : '',
    );
  }

  async save(who: Principal, body: Record<string, unknown>): Promise<PageResult> {
    const values = {
      agencyDigest: checked(body.agencyDigest),
      coordinatorDigest: checked(body.coordinatorDigest),
      periodMinutes: typeof body.periodMinutes === 'string' ? body.periodMinutes : '',
    };
    try {
      const dto = await formAs(UpdatePreferencesDto, {
        agencyDigest: values.agencyDigest,
        coordinatorDigest: values.coordinatorDigest,
        ...(values.periodMinutes && {
          periodMinutes: /^\d+$/.test(values.periodMinutes)
            ? Number(values.periodMinutes)
            : values.periodMinutes,
        }),
      });
      await this.notifications.updatePreferences(who.accountId, dto);
    } catch (error) {
      return this.page(who, values, fieldErrorsOf(error), '', 422);
    }
    return redirectTo('/web/notifications?done=saved');
  }

  private page(
    who: Principal,
    values: Record<string, unknown>,
    errors: FieldErrors,
    notice: string,
    status = 200,
  ): PageView {
    const floor = this.config.digestPeriodMinutes;
    const options = PERIODS.filter((p) => p.minutes >= floor).map((p) => ({
      value: String(p.minutes),
      label: p.label,
    }));
    const current = String(values.periodMinutes ?? '');
    if (current && !options.some((o) => o.value === current))
      options.unshift({ value: current, label: `Tối đa ${current} phút một thư` });
    const roles = who.roles;
    return {
      template: 'notifications.njk',
      title: 'Thông báo',
      status,
      data: {
        values,
        errors,
        notice,
        periodOptions: options,
        showsAgency: roles.some((r) => r === 'officer' || r === 'approver' || r === 'admin'),
        showsCoordinator: roles.some((r) => r === 'coordinator' || r === 'admin'),
      },
    };
  }
}
