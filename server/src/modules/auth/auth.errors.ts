import { UnauthorizedException } from '@nestjs/common';
import { DomainError } from '../../common/http/domain-error';

/** Errors of sign-in, sessions, users and API keys; the one error filter maps them to HTTP. */
export const IdentityErrors = {
  /** Same answer for an unknown user and a wrong password. */
  invalidCredentials: () => new UnauthorizedException({ code: 'INVALID_CREDENTIALS', message: 'Wrong username or password' }),
  accountLocked: (until: Date) =>
    new DomainError('ACCOUNT_LOCKED', `Too many failed sign-ins: the account is locked until ${until.toISOString()}`, 423, {
      lockedUntil: until.toISOString(),
    }),
  /** Earlier attempts for this name are still being checked and could lock it: this one is not checked. */
  signInBusy: () =>
    new DomainError('SIGN_IN_ATTEMPTS_IN_PROGRESS', 'Other sign-in attempts for this user are being checked; try again in a moment', 429),
  invalidRefreshToken: () => new UnauthorizedException({ code: 'INVALID_REFRESH_TOKEN', message: 'The refresh token is unknown, expired or revoked: sign in again' }),
  /** Another request (another tab) refreshed with this token a moment ago: its new tokens are already set. */
  refreshTokenRotated: () =>
    new UnauthorizedException({ code: 'REFRESH_TOKEN_ROTATED', message: 'This refresh token was just replaced; retry with the new one' }),
  wrongCurrentPassword: () => new DomainError('WRONG_CURRENT_PASSWORD', 'The current password is wrong', 403),
  passwordEqualsUsername: () => new DomainError('PASSWORD_EQUALS_USERNAME', 'The password must differ from the username', 422),
  usernameTaken: (username: string) => new DomainError('USERNAME_TAKEN', `The username '${username}' is taken`, 409, { username }),
  notATeamLead: (id: string) => new DomainError('NOT_A_TEAM_LEAD', `User '${id}' is not a team lead`, 422, { teamLeadId: id }),
  teamNameTaken: (name: string) => new DomainError('TEAM_NAME_TAKEN', `A team named '${name}' already exists`, 409, { name }),
  teamHasMembers: (id: string, members: number) =>
    new DomainError('TEAM_HAS_MEMBERS', `The team still has ${members} member(s): move them to another team (or none) first`, 409, { team: id, members }),
  teamLeadTaken: (leadId: string, teamName: string) =>
    new DomainError('TEAM_LEAD_TAKEN', `This team lead already leads '${teamName}'`, 409, { teamLeadId: leadId, team: teamName }),
  leadInOwnTeam: (userId: string) =>
    new DomainError('TEAM_LEAD_IN_OWN_TEAM', 'A team lead cannot be a member of the team they lead', 422, { user: userId }),
  tooManyTeams: (max: number) => new DomainError('TOO_MANY_TEAMS', `At most ${max} teams`, 422, { max }),
  lastAdministrator: () => new DomainError('LAST_ADMINISTRATOR', 'The last administrator cannot lose the admin role', 409),
};
