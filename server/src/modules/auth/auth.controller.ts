import { Body, Controller, Get, HttpCode, Post, Req, Res, UseGuards } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { ROLES, type IssuedSession, type Me } from '@callcentre/shared';
import { CurrentUser, Public, Roles, type AuthenticatedUser } from '../../common/auth';
import { credentialFromHeaders, readCookie, REFRESH_COOKIE } from '../../common/auth/credentials';
import { AuthService } from './auth.service';
import type { ClientInfo } from './auth.types';
import { ChangePasswordDto } from './dto/change-password.dto';
import { LoginDto } from './dto/login.dto';
import { RefreshDto } from './dto/refresh.dto';
import { LoginThrottleGuard } from './login-throttle.guard';
import { clearSessionCookies, setSessionCookies } from './session-cookies';

function clientOf(request: Request): ClientInfo {
  return { address: request.ip ?? null, userAgent: request.headers['user-agent'] ?? null };
}

@ApiTags('auth')
@Controller('api/auth')
export class AuthController {
  constructor(private readonly auth: AuthService) {}

  @Post('login')
  @Public()
  @UseGuards(LoginThrottleGuard)
  @HttpCode(200)
  @ApiOperation({ summary: 'Sign in: access and refresh tokens in the body and as httpOnly cookies. 423 while the account is locked' })
  async login(@Body() body: LoginDto, @Req() request: Request, @Res({ passthrough: true }) response: Response): Promise<IssuedSession> {
    const session = await this.auth.login(body.username, body.password, clientOf(request));
    setSessionCookies(request, response, session);
    return session;
  }

  @Post('refresh')
  @Public()
  @UseGuards(LoginThrottleGuard)
  @HttpCode(200)
  @ApiOperation({ summary: 'New tokens for a refresh token (body or cc_refresh cookie); the old ones stop working' })
  async refresh(@Body() body: RefreshDto = {}, @Req() request: Request, @Res({ passthrough: true }) response: Response): Promise<IssuedSession> {
    const session = await this.auth.refresh(body?.refreshToken ?? readCookie(request.headers, REFRESH_COOKIE));
    setSessionCookies(request, response, session);
    return session;
  }

  @Post('logout')
  @Public()
  @HttpCode(204)
  @ApiOperation({ summary: 'Sign out: revokes the session of the access token or refresh token presented, clears the cookies' })
  async logout(@Body() body: RefreshDto = {}, @Req() request: Request, @Res({ passthrough: true }) response: Response): Promise<void> {
    const credential = credentialFromHeaders(request.headers);
    await this.auth.logout({
      accessToken: credential.kind === 'session' ? credential.token : undefined,
      refreshToken: body?.refreshToken ?? readCookie(request.headers, REFRESH_COOKIE),
    });
    clearSessionCookies(request, response);
  }

  @Get('me')
  @Roles(...ROLES)
  @ApiOperation({ summary: 'The signed-in user' })
  me(@CurrentUser() user: AuthenticatedUser): Promise<Me> {
    return this.auth.me(user);
  }

  @Post('password')
  @Roles(...ROLES)
  @HttpCode(204)
  @ApiOperation({ summary: 'Change your own password; your other sessions end' })
  async changePassword(@CurrentUser() user: AuthenticatedUser, @Body() body: ChangePasswordDto): Promise<void> {
    await this.auth.changePassword(user, body.currentPassword, body.newPassword);
  }
}
