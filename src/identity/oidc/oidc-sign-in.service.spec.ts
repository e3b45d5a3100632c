import { FakeAuditTrail } from '../../audit/testing/fake-audit-trail';
import { FakeClock } from '../../common/testing/fake-clock';
import { sha256Hex } from '../secrets';
import { SessionsService } from '../sessions/sessions.service';
import {
  anAccount,
  FakeAccountRepository,
  FakeOidcClient,
  FakeOidcFlowRepository,
  FakeSessionRepository,
  settings,
} from '../testing/fakes';
import { OIDC_FLOW_MINUTES, OidcSignInService } from './oidc-sign-in.service';

const ISSUER = 'https://sso.example.gov.vn';
const CLIENT = { ip: '10.0.0.7', userAgent: 'jest' };
const ON = {
  oidcIssuerUrl: ISSUER,
  oidcClientId: 'lich',
  oidcClientSecret: 's',
  oidcRedirectUrl: 'https://lich.example.gov.vn/auth/oidc/callback',
  oidcRolesClaim: 'roles',
  oidcRoleMap: { 'chuyen-vien': 'officer' },
  oidcAgencyClaim: 'agency',
};

function setup(overrides = {}) {
  const clock = new FakeClock();
  const accounts = new FakeAccountRepository();
  const flows = new FakeOidcFlowRepository();
  const provider = new FakeOidcClient();
  const sessionRows = new FakeSessionRepository();
  const audit = new FakeAuditTrail(clock);
  const s = settings({ ...ON, ...overrides });
  const service = new OidcSignInService(
    provider,
    flows,
    accounts,
    new SessionsService(sessionRows, clock, s),
    audit,
    clock,
    s,
  );
  void accounts.insert(anAccount({ email: 'an.nv@skhcn.example.gov.vn' }));
  /** The whole flow: begin, the provider signs in `claims`, the callback comes back. */
  const signIn = async (claims: Record<string, unknown>, tamper?: (q: URLSearchParams) => void) => {
    const { binding } = await service.begin();
    const state = provider.requests.at(-1)!.state;
    provider.next = claims;
    const query = new URLSearchParams({ code: 'c0de', state, iss: ISSUER });
    tamper?.(query);
    return service.complete(query, binding, CLIENT);
  };
  return { clock, accounts, flows, provider, sessionRows, audit, service, signIn };
}

const codeOf = (p: Promise<unknown>) =>
  p.then(
    () => 'OK',
    (e: { status?: number; code?: string }) => `${e.status} ${e.code}`,
  );

describe('OidcSignInService', () => {
  it('is off without an issuer: 404 OIDC_NOT_CONFIGURED', async () => {
    const { service } = setup({ oidcIssuerUrl: undefined });
    expect(await codeOf(service.begin())).toBe('404 OIDC_NOT_CONFIGURED');
    expect(await codeOf(service.complete(new URLSearchParams(), 'b', CLIENT))).toBe(
      '404 OIDC_NOT_CONFIGURED',
    );
  });

  it('stores only hashes of state and binding, and a verifier whose S256 it sent', async () => {
    const { service, flows, provider } = setup();
    const { binding } = await service.begin();
    const { state, codeChallenge, nonce } = provider.requests[0];
    const flow = flows.rows.get(sha256Hex(state))!;
    expect(flow.bindingHash).toBe(sha256Hex(binding));
    expect(flow.nonce).toBe(nonce);
    expect(JSON.stringify(flow)).not.toContain(state);
    expect(codeChallenge).not.toBe(flow.codeVerifier);
  });

  it('links an unlinked account by username, then finds it by the link', async () => {
    const { signIn, accounts, audit } = setup();
    const first = await signIn({ sub: 'sub-an', preferred_username: 'An.NV' });
    expect(first.account.id).toBe('acc-1');
    expect(accounts.rows.get('acc-1')!.oidc).toEqual({ issuer: ISSUER, subject: 'sub-an' });
    const renamed = await signIn({ sub: 'sub-an', preferred_username: 'someone.else' });
    expect(renamed.account.id).toBe('acc-1');
    expect(audit.recorded.map((e) => e.action)).toEqual(['oidc-linked', 'signed-in', 'signed-in']);
  });

  it('links by e-mail only when the provider verified it', async () => {
    const { signIn } = setup();
    const claims = { sub: 'sub-x', email: 'an.nv@skhcn.example.gov.vn' };
    expect(await codeOf(signIn({ ...claims, email_verified: false }))).toBe('403 OIDC_NO_ACCOUNT');
    expect((await signIn({ ...claims, email_verified: true })).account.id).toBe('acc-1');
  });

  it('refuses an account linked to another subject, and a disabled one', async () => {
    const { signIn, accounts } = setup();
    await signIn({ sub: 'sub-an', preferred_username: 'an.nv' });
    expect(await codeOf(signIn({ sub: 'sub-other', preferred_username: 'an.nv' }))).toBe(
      '403 OIDC_ACCOUNT_CONFLICT',
    );
    accounts.rows.get('acc-1')!.status = 'disabled';
    expect(await codeOf(signIn({ sub: 'sub-an' }))).toBe('403 ACCOUNT_DISABLED');
  });

  it('creates an account only when a role maps, with its agencies for an officer', async () => {
    const { signIn, accounts } = setup();
    const none = { sub: 's-1', preferred_username: 'le.b', roles: ['nhan-vien'] };
    expect(await codeOf(signIn(none))).toBe('403 OIDC_NO_ACCOUNT');
    const noAgency = { ...none, roles: ['chuyen-vien'] };
    expect(await codeOf(signIn(noAgency))).toBe('403 OIDC_NO_ACCOUNT');
    const made = await signIn({ ...noAgency, agency: ['skhcn', 'SKHCN'], name: 'Lê Bình' });
    expect(made.account).toMatchObject({
      username: 'le.b',
      displayName: 'Lê Bình',
      roles: ['officer'],
      agencyCodes: ['SKHCN'],
      mustChangePassword: false,
      createdBy: 'oidc',
    });
    expect(accounts.rows.get(made.account.id)!.oidc).toEqual({ issuer: ISSUER, subject: 's-1' });
    const viewer = await signIn({ sub: 's-2', preferred_username: 'lanh.dao', roles: 'viewer' });
    expect([viewer.account.roles, viewer.account.agencyCodes]).toEqual([['viewer'], []]);
  });

  it('makes nobody when no roles claim is configured', async () => {
    const { signIn } = setup({ oidcRolesClaim: undefined });
    expect(await codeOf(signIn({ sub: 's', preferred_username: 'x.y', roles: ['admin'] }))).toBe(
      '403 OIDC_NO_ACCOUNT',
    );
  });

  it('refuses a wrong, expired, replayed or unbound state before asking the provider', async () => {
    const { service, provider, signIn, clock, sessionRows } = setup();
    const claims = { sub: 'sub-an', preferred_username: 'an.nv' };
    expect(await codeOf(signIn(claims, (q) => q.set('state', 'forged')))).toBe(
      '400 OIDC_STATE_INVALID',
    );
    expect(await codeOf(signIn(claims, (q) => q.delete('state')))).toBe('400 OIDC_STATE_INVALID');

    const { binding } = await service.begin();
    const query = new URLSearchParams({ code: 'c', state: provider.requests.at(-1)!.state });
    expect(await codeOf(service.complete(query, 'another browser', CLIENT))).toBe(
      '400 OIDC_STATE_INVALID',
    );
    expect(await codeOf(service.complete(query, binding, CLIENT))).toBe('400 OIDC_STATE_INVALID');

    const late = await service.begin();
    clock.advance(OIDC_FLOW_MINUTES * 60_000);
    const lateQuery = new URLSearchParams({ code: 'c', state: provider.requests.at(-1)!.state });
    expect(await codeOf(service.complete(lateQuery, late.binding, CLIENT))).toBe(
      '400 OIDC_STATE_INVALID',
    );
    expect(sessionRows.rows.size).toBe(0);
  });

  it('answers 401 OIDC_SIGN_IN_FAILED when the provider refuses the code or reports an error', async () => {
    const { signIn, provider, sessionRows } = setup();
    provider.fail = Object.assign(new Error('grant request invalid'), { error: 'invalid_grant' });
    expect(await codeOf(signIn({ sub: 'sub-an' }))).toBe('401 OIDC_SIGN_IN_FAILED');
    provider.fail = undefined;
    expect(await codeOf(signIn({ sub: 'sub-an' }, (q) => q.set('error', 'access_denied')))).toBe(
      '401 OIDC_SIGN_IN_FAILED',
    );
    expect(sessionRows.rows.size).toBe(0);
  });

  it('answers 503 OIDC_UNAVAILABLE when the provider cannot be reached', async () => {
    const { service, provider, flows } = setup();
    provider.authorizationUrl = () => Promise.reject(new Error('ECONNREFUSED'));
    expect(await codeOf(service.begin())).toBe('503 OIDC_UNAVAILABLE');
    expect(flows.rows.size).toBe(0);
  });
});
