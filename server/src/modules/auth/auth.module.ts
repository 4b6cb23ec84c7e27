import { DynamicModule, Module } from '@nestjs/common';
import { APP_GUARD, DiscoveryModule } from '@nestjs/core';
import { ThrottlerStorageService } from '@nestjs/throttler';
import { AccessGuard } from '../../common/auth/access.guard';
import { CREDENTIAL_LOOKUP, type CredentialLookup } from '../../common/auth/credential-lookup';
import { RouteRulesExplorer } from '../../common/auth/route-rules-explorer';
import { AppConfig } from '../../common/config/app-config';
import { APP_CONFIG } from '../../common/config/config.tokens';
import { ApiKeyAuthenticator } from './api-key.authenticator';
import { ApiKeysController } from './api-keys.controller';
import { ApiKeysRepository } from './api-keys.repository';
import { ApiKeysService } from './api-keys.service';
import { AuthController } from './auth.controller';
import { AuthService } from './auth.service';
import { LOGIN_THROTTLE_STORAGE, LoginThrottleGuard } from './login-throttle.guard';
import { SessionAuthenticator } from './session.authenticator';
import { SessionsRepository } from './sessions.repository';
import { SignInAttemptsRepository } from './sign-in-attempts.repository';
import { TeamsController } from './teams.controller';
import { TeamsRepository } from './teams.repository';
import { TeamsService } from './teams.service';
import { UsersController } from './users.controller';
import { UsersRepository } from './users.repository';
import { UsersService } from './users.service';

/**
 * Identity: sign-in, sessions, API keys, staff accounts and their teams, and the global guard that authenticates
 * and authorises every route. Global, so the guard, the realtime gateway and the ingestion lane can inject
 * CREDENTIAL_LOOKUP (the platform's view of sessions and API keys).
 * Needs AuditModule (global) for AuditService.
 */
@Module({})
export class AuthModule {
  static register(config: AppConfig): DynamicModule {
    return {
      module: AuthModule,
      global: true,
      imports: [DiscoveryModule],
      controllers: [AuthController, UsersController, TeamsController, ApiKeysController],
      providers: [
        { provide: APP_CONFIG, useValue: config },
        { provide: APP_GUARD, useClass: AccessGuard },
        { provide: LOGIN_THROTTLE_STORAGE, useClass: ThrottlerStorageService },
        LoginThrottleGuard,
        SessionAuthenticator,
        ApiKeyAuthenticator,
        {
          provide: CREDENTIAL_LOOKUP,
          inject: [SessionAuthenticator, ApiKeyAuthenticator],
          useFactory: (sessions: SessionAuthenticator, apiKeys: ApiKeyAuthenticator): CredentialLookup => ({
            authenticateToken: (token) => sessions.authenticateToken(token),
            authenticateKey: (key) => apiKeys.authenticateKey(key),
          }),
        },
        RouteRulesExplorer,
        AuthService,
        UsersService,
        TeamsService,
        ApiKeysService,
        UsersRepository,
        TeamsRepository,
        SessionsRepository,
        SignInAttemptsRepository,
        ApiKeysRepository,
      ],
      exports: [CREDENTIAL_LOOKUP, SessionAuthenticator, RouteRulesExplorer],
    };
  }
}
