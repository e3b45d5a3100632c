import { Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { AuditModule } from '../audit/audit';
import { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { AccountRepository } from './accounts/account';
import { AccountCache, AccountChanges } from './accounts/account-cache';
import { AccountSchema, MongoAccountRepository } from './accounts/account.mongo';
import { AccountsService } from './accounts/accounts.service';
import { FirstRunBootstrap } from './accounts/first-run';
import { UsersController } from './accounts/users.controller';
import { Authenticator } from './authentication/authenticator';
import { IDENTITY_SETTINGS } from './identity-settings';
import { OidcClient } from './oidc/oidc-client';
import { OidcFlowRepository } from './oidc/oidc-flow';
import { MongoOidcFlowRepository, OidcFlowSchema } from './oidc/oidc-flow.mongo';
import { OidcSignInService } from './oidc/oidc-sign-in.service';
import { OidcController } from './oidc/oidc.controller';
import { OpenIdClientAdapter } from './oidc/openid-client.adapter';
import { Argon2PasswordHasher, PasswordHasher } from './passwords/password-hasher';
import { SessionRepository } from './sessions/session';
import { MongoSessionRepository, SessionSchema } from './sessions/session.mongo';
import { SessionsService } from './sessions/sessions.service';
import {
  AttemptCounter,
  AttemptWindowSchema,
  MongoAttemptCounter,
} from './sign-in/attempt-counter';
import { AuthController } from './sign-in/auth.controller';
import { SignInRateLimit } from './sign-in/sign-in-rate-limit';
import { SignInService } from './sign-in/sign-in.service';
import { AccessTokenRepository } from './tokens/access-token';
import { AccessTokenSchema, MongoAccessTokenRepository } from './tokens/access-token.mongo';
import { AccessTokensService } from './tokens/access-tokens.service';
import { TokenRateLimit } from './tokens/token-rate-limit';
import { TokensController } from './tokens/tokens.controller';

/**
 * Accounts, sign-in sessions, personal access tokens, and the Authenticator that tells who
 * a request acts for. Exports what the global route guard (authorization/access.guard.ts) needs.
 */
@Module({
  imports: [
    MongooseModule.forFeature([
      { name: 'Account', schema: AccountSchema },
      { name: 'Session', schema: SessionSchema },
      { name: 'AccessToken', schema: AccessTokenSchema },
      { name: 'AttemptWindow', schema: AttemptWindowSchema },
      { name: 'OidcFlow', schema: OidcFlowSchema },
    ]),
    AuditModule,
  ],
  controllers: [AuthController, OidcController, TokensController, UsersController],
  providers: [
    { provide: IDENTITY_SETTINGS, inject: [APP_CONFIG], useFactory: (config: AppConfig) => config },
    { provide: AccountRepository, useClass: MongoAccountRepository },
    { provide: SessionRepository, useClass: MongoSessionRepository },
    { provide: AccessTokenRepository, useClass: MongoAccessTokenRepository },
    { provide: AttemptCounter, useClass: MongoAttemptCounter },
    { provide: PasswordHasher, useClass: Argon2PasswordHasher },
    AccountChanges,
    AccountCache,
    AccountsService,
    SessionsService,
    AccessTokensService,
    SignInRateLimit,
    TokenRateLimit,
    SignInService,
    Authenticator,
    FirstRunBootstrap,
    { provide: OidcFlowRepository, useClass: MongoOidcFlowRepository },
    { provide: OidcClient, useClass: OpenIdClientAdapter },
    OidcSignInService,
  ],
  // SignInService and AccountsService: the pages sign in and manage accounts the same way.
  exports: [Authenticator, AccountRepository, SignInService, AccountsService],
})
export class IdentityModule {}
