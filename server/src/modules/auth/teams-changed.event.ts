/**
 * Emitted after a commit that changed a team's name or lead, or who is in which team (`TeamsService`, and a user's
 * team lead or roles through `UsersService`): views that show people with their team (the live floor) read them again.
 */
export const TEAMS_CHANGED = 'identity.teams_changed';
