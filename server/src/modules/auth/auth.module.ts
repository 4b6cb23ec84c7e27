import { DynamicModule, Module } from '@nestjs/common';
import { APP_GUARD, DiscoveryModule } from '@nestjs/core';
import { ThrottlerStorageService } from '@nestjs/throttler';
import { AccessGuard } from '../../common/auth/access.guard';
import { ApiKeyAuthenticator } from '../../common/auth/api-key-authenticator';
import { RouteRulesExplorer } from '../../common/auth/route-rules-explorer';
import { SessionAuthenticator } from '../../common/auth/session-authenticator';
import { AppConfig } from '../../common/config/app-config';
import { APP_CONFIG } from '../../common/config/config.tokens';
import { ApiKeysController } from './api-keys.controller';
import { ApiKeysRepository } from './api-keys.repository';
import { ApiKeysService } from './api-keys.service';
import { AuthController } from './auth.controller';
import { AuthService } from './auth.service';
import { LOGIN_THROTTLE_STORAGE, LoginThrottleGuard } from './login-throttle.guard';
import { SessionsRepository } from './sessions.repository';
import { SignInAttemptsRepository } from './sign-in-attempts.repository';
import { UsersController } from './users.controller';
import { UsersRepository } from './users.repository';
import { UsersService } from './users.service';

/**
 * Identity: sign-in, sessions, API keys, staff accounts, and the global guard that authenticates
 * and authorises every route. Global, so the realtime gateway can inject SessionAuthenticator.
 * Needs AuditModule (global) for AuditService.
 */
@Module({})
export class AuthModule {
  static register(config: AppConfig): DynamicModule {
    return {
      module: AuthModule,
      global: true,
      imports: [DiscoveryModule],
      controllers: [AuthController, UsersController, ApiKeysController],
      providers: [
        { provide: APP_CONFIG, useValue: config },
        { provide: APP_GUARD, useClass: AccessGuard },
        { provide: LOGIN_THROTTLE_STORAGE, useClass: ThrottlerStorageService },
        LoginThrottleGuard,
        SessionAuthenticator,
        ApiKeyAuthenticator,
        RouteRulesExplorer,
        AuthService,
        UsersService,
        ApiKeysService,
        UsersRepository,
        SessionsRepository,
        SignInAttemptsRepository,
        ApiKeysRepository,
      ],
      exports: [SessionAuthenticator, ApiKeyAuthenticator, RouteRulesExplorer],
    };
  }
}
