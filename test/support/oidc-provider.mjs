// A real OpenID provider (oidc-provider) for the OIDC sign-in e2e test, in a process of its
// own (the package is ESM-only). Configured by the environment:
//   OIDC_TEST_PORT, OIDC_TEST_REDIRECT_URI, OIDC_TEST_CLIENT_ID, OIDC_TEST_CLIENT_SECRET.
// People sign in without a form: the test follows the redirect to /interaction/:uid and adds
// ?user=<account id> (one of USERS). Consent is implied (a first-party client). Prints
// "ready <issuer>" once listening.
import Provider from 'oidc-provider';

const port = Number(process.env.OIDC_TEST_PORT);
const issuer = `http://127.0.0.1:${port}`;

/** The province's directory, as the test needs it. */
const USERS = {
  // An existing local administrator: linked by username at first sign-in.
  'idp-admin': {
    preferred_username: 'Quan.Tri',
    name: 'Quản trị viên',
    email: 'quan.tri@example.gov.vn',
    email_verified: true,
    roles: [],
  },
  // No local account, but an officer role and an agency: created at first sign-in.
  'idp-officer': {
    preferred_username: 'le.thi.binh',
    name: 'Lê Thị Bình',
    email: 'binh.lt@skhcn.example.gov.vn',
    email_verified: true,
    roles: ['chuyen-vien', 'nhan-vien-khac'],
    agency: 'skhcn',
  },
  // No local account and no role of the service: refused.
  'idp-guest': { preferred_username: 'khach', name: 'Khách', roles: ['nhan-vien-khac'] },
};

const provider = new Provider(issuer, {
  clients: [
    {
      client_id: process.env.OIDC_TEST_CLIENT_ID,
      client_secret: process.env.OIDC_TEST_CLIENT_SECRET,
      redirect_uris: [process.env.OIDC_TEST_REDIRECT_URI],
      grant_types: ['authorization_code'],
      response_types: ['code'],
      token_endpoint_auth_method: 'client_secret_basic',
    },
  ],
  claims: {
    openid: ['sub'],
    profile: ['name', 'preferred_username', 'roles', 'agency'],
    email: ['email', 'email_verified'],
  },
  async findAccount(_ctx, id) {
    const user = USERS[id];
    if (!user) return undefined;
    return { accountId: id, claims: async () => ({ sub: id, ...user }) };
  },
  cookies: { keys: ['test-only-cookie-key'] },
  features: { devInteractions: { enabled: false } },
  // First-party client: every scope and claim it asks for is granted without a consent page.
  async loadExistingGrant(ctx) {
    const grantId =
      ctx.oidc.result?.consent?.grantId || ctx.oidc.session.grantIdFor(ctx.oidc.client.clientId);
    if (grantId) return ctx.oidc.provider.Grant.find(grantId);
    const grant = new ctx.oidc.provider.Grant({
      clientId: ctx.oidc.client.clientId,
      accountId: ctx.oidc.session.accountId,
    });
    grant.addOIDCScope('openid profile email');
    await grant.save();
    return grant;
  },
});

provider.use(async (ctx, next) => {
  const match = /^\/interaction\/([^/]+)$/.exec(ctx.path);
  if (!match || ctx.method !== 'GET') return next();
  const details = await provider.interactionDetails(ctx.req, ctx.res);
  const user = String(ctx.query.user ?? '');
  if (details.prompt.name !== 'login' || !USERS[user]) {
    ctx.status = 400;
    ctx.body = `prompt ${details.prompt.name}: add ?user= one of ${Object.keys(USERS).join(', ')}`;
    return;
  }
  const returnTo = await provider.interactionResult(ctx.req, ctx.res, {
    login: { accountId: user },
  });
  ctx.status = 303;
  ctx.redirect(returnTo);
});

provider.listen(port, '127.0.0.1', () => console.log(`ready ${issuer}`));
