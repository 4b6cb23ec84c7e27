/** What the identity module writes to the audit log. */
export const IDENTITY_AUDIT_ACTIONS = {
  login: 'auth.login',
  loginFailed: 'auth.login_failed',
  lockedOut: 'auth.locked_out',
  logout: 'auth.logout',
  refreshReused: 'auth.refresh_reused',
  passwordChanged: 'user.password_changed',
  userCreated: 'user.created',
  rolesChanged: 'user.roles_changed',
  teamChanged: 'user.team_changed',
  teamCreated: 'team.created',
  teamUpdated: 'team.updated',
  teamDeleted: 'team.deleted',
  apiKeyCreated: 'api_key.created',
  apiKeyRevoked: 'api_key.revoked',
} as const;
