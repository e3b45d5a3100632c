// Every route declares who may call it: a route without @Policy or @PublicRoute fails here
// (and is refused by the guard at run time, failing closed).
import { applicationRoutes, AppRoute, createTestApp, TestApp } from '../support/app';

describe('route policies', () => {
  let t: TestApp;
  let routes: AppRoute[];

  beforeAll(async () => {
    t = await createTestApp('authz_routes');
    routes = applicationRoutes(t.app);
  });
  afterAll(() => t.close());

  it('finds every route the HTTP router serves', () => {
    // The express router's own table, so a route added outside Nest's metadata is noticed.
    const express = t.app.getHttpAdapter().getInstance() as {
      router: { stack: { route?: { path: string; methods: Record<string, boolean> } }[] };
    };
    const served = express.router.stack
      // /{*path}: Nest's catch-all layers for unmatched paths (they answer 404), not routes.
      .filter((layer) => layer.route && layer.route.path !== '/{*path}')
      .flatMap((layer) =>
        Object.keys(layer.route!.methods)
          .filter((m) => m !== '_all')
          .map((m) => `${m.toUpperCase()} ${layer.route!.path}`),
      )
      .filter((route) => !/ \/docs/.test(route)) // Swagger UI: static, public by design
      .sort();
    expect(served).toEqual(routes.map((r) => `${r.method} ${r.path}`).sort());
    expect(routes.length).toBeGreaterThanOrEqual(50);
  });

  it('finds no route without a declared policy', () => {
    const undeclared = routes.filter((r) => r.policy === undefined);
    expect(undeclared.map((r) => `${r.method} ${r.path} (${r.handler})`)).toEqual([]);
  });

  it('keeps public only health, sign-in (password, OpenID Connect), the calendar feeds, inspection verification, the digests’ unsubscribe link and the public pages', () => {
    const open = routes.filter((r) => (r.policy as { public?: boolean }).public === true);
    expect(open.map((r) => `${r.method} ${r.path}`)).toEqual([
      'GET /',
      'POST /auth/login',
      'GET /auth/oidc/callback',
      'GET /auth/oidc/login',
      'GET /feeds/:token/:file',
      'GET /health',
      'GET /health/ready',
      'GET /notifications/unsubscribe/:token',
      'POST /notifications/unsubscribe/:token',
      'GET /public/enterprises/:taxCode',
      'GET /public/enterprises/:taxCode/:file',
      'GET /verify/:code',
      'GET /web/*path',
      'GET /web/assets/:file',
      'GET /web/login',
      'POST /web/login',
    ]);
  });

  it('refuses a route that declares nothing (fail closed)', async () => {
    // The guard itself, not only this test: a policy-less handler answers 403.
    const { AccessGuard } = await import('../../src/identity/authorization/access.guard');
    const { Authenticator } = await import('../../src/identity/authentication/authenticator');
    const { Reflector } = await import('@nestjs/core');
    const guard = new AccessGuard(t.app.get(Authenticator), new Reflector());
    const handler = () => undefined;
    class Undeclared {}
    const context = {
      getType: () => 'http',
      getHandler: () => handler,
      getClass: () => Undeclared,
      switchToHttp: () => ({ getRequest: () => ({ headers: {} }) }),
    };
    await expect(guard.canActivate(context as never)).rejects.toMatchObject({
      status: 403,
      code: 'FORBIDDEN',
    });
  });
});
