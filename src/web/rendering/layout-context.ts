import { Injectable } from '@nestjs/common';
import type { Request } from 'express';
import type { Role } from '../../identity/accounts/account';
import { Authenticator } from '../../identity/authentication/authenticator';
import type { Principal } from '../../identity/authentication/principal';
import { principalOfRequest } from '../../identity/authorization/access.guard';

export interface NavItem {
  href: string;
  label: string;
  current: boolean;
}

/** What the layout (header, navigation, forms' CSRF field) needs on every page. */
export interface LayoutContext {
  principal?: Pick<Principal, 'username' | 'roles' | 'agencyCodes'>;
  csrfToken?: string;
  nav: NavItem[];
  path: string;
}

const NAV: Array<{ href: string; label: string; roles?: Role[] }> = [
  { href: '/web', label: 'Trang chủ' },
  { href: '/web/plans', label: 'Kế hoạch' },
  { href: '/web/conflicts', label: 'Chồng chéo' },
  { href: '/web/meetings', label: 'Họp phối hợp' },
  { href: '/web/reports', label: 'Báo cáo', roles: ['admin', 'coordinator', 'viewer'] },
  { href: '/web/feeds', label: 'Lịch đăng ký' },
  { href: '/web/notifications', label: 'Thông báo' },
  { href: '/web/admin/accounts', label: 'Quản trị', roles: ['admin'] },
];

/** The navigation an account sees: only what its roles may open. */
export function navFor(roles: readonly Role[], path: string): NavItem[] {
  return NAV.filter((n) => !n.roles || n.roles.some((r) => roles.includes(r))).map((n) => ({
    href: n.href,
    label: n.label,
    current: n.href === '/web' ? path === '/web' : path === n.href || path.startsWith(`${n.href}/`),
  }));
}

@Injectable()
export class LayoutContextFactory {
  constructor(private readonly authenticator: Authenticator) {}

  /** Signed in or not (public pages, the sign-in page, error pages before the guard). */
  async of(req: Request): Promise<LayoutContext> {
    const principal = principalOfRequest(req) ?? (await this.quietly(req));
    const path = req.path;
    if (!principal || principal.mustChangePassword)
      return {
        nav: [],
        path,
        ...(principal && { principal, csrfToken: await this.authenticator.csrfTokenOf(req) }),
      };
    return {
      principal,
      csrfToken: await this.authenticator.csrfTokenOf(req),
      nav: navFor(principal.roles, path),
      path,
    };
  }

  private async quietly(req: Request): Promise<Principal | null> {
    try {
      return await this.authenticator.authenticate(req);
    } catch {
      return null; // e.g. a rate-limited token: the error page still renders
    }
  }
}
