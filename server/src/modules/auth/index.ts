export { UnsafeIdentityError, type StartupLog } from './identity-startup';
export { SIGNED_OUT, type SignedOut } from './signed-out.event';
export { TEAMS_CHANGED } from './teams-changed.event';
export { UserEntity } from './user.entity';
export { UsersRepository } from './users.repository';
