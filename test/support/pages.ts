// Pages through real HTTP as a browser would: a cookie jar, the sign-in form, the CSRF field.
import request from 'supertest';
import TestAgent from 'supertest/lib/agent';
import type { Role } from '../../src/identity/accounts/account';
import type { TestApp } from './app';

export interface PageUser {
  agent: TestAgent;
  username: string;
  password: string;
  /** The session's CSRF token, read from a page's hidden `_csrf` field. */
  csrf(path?: string): Promise<string>;
}

/** The hidden value of a form field in a page. */
export function hiddenField(html: string, name: string): string {
  const m = new RegExp(`name="${name}" value="([^"]*)"`).exec(html);
  if (!m) throw new Error(`no hidden field ${name} in the page`);
  return m[1];
}

let made = 0;

/** A new account signed in through /web/login (and past the issued-password step). */
export async function pageUser(
  t: TestApp,
  role: Role,
  agencyCodes: string[] = [],
): Promise<PageUser> {
  const username = `${role}.page${++made}`;
  const issued = 'mật khẩu được cấp 2026';
  await t.http
    .post('/users')
    .send({
      username,
      displayName: `Người dùng ${role}`,
      roles: [role],
      agencyCodes,
      password: issued,
    })
    .expect(201);
  const agent = request.agent(t.app.getHttpServer());
  const form = await agent.get('/web/login').expect(200);
  await agent
    .post('/web/login')
    .type('form')
    .send({ _login: hiddenField(form.text, '_login'), username, password: issued, next: '/web' })
    .expect(303);
  const password = 'mật khẩu riêng của tôi 2026';
  const step = await agent.get('/web/password').expect(200);
  await agent
    .post('/web/password')
    .type('form')
    .send({
      _csrf: hiddenField(step.text, '_csrf'),
      currentPassword: issued,
      newPassword: password,
    })
    .expect(303);
  return {
    agent,
    username,
    password,
    csrf: async (path = '/web') => hiddenField((await agent.get(path).expect(200)).text, '_csrf'),
  };
}
