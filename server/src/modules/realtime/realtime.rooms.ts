import type { Role } from '@callcentre/shared';

/**
 * Rooms a socket is put in by the server, from the user's roles and an agent's skills: clients never choose rooms.
 * - `user:<id>`: every socket of one person (complaint updates, personal alerts);
 * - `agent:<id>`: the desktop of an agent (offers, own state, own contacts);
 * - one room per role: `agents`, `team-leads`, `supervisors`, `admins`;
 * - `queue:<id>`: the desktops of the agents who serve a queue (their skills meet its required skills), for
 *   its live figures. Kept up to date as skills and queues change (LiveFeedService).
 */
export const userRoom = (userId: string) => `user:${userId}`;
export const agentRoom = (agentId: string) => `agent:${agentId}`;

const QUEUE_ROOM_PREFIX = 'queue:';
export const queueRoom = (queueId: string) => `${QUEUE_ROOM_PREFIX}${queueId}`;

/** The queue ids of the queue rooms among `rooms`. */
export function queueIdsOfRooms(rooms: Iterable<string>): string[] {
  return [...rooms].filter((room) => room.startsWith(QUEUE_ROOM_PREFIX)).map((room) => room.slice(QUEUE_ROOM_PREFIX.length));
}

export const ROLE_ROOMS: Readonly<Record<Role, string>> = {
  agent: 'agents',
  team_lead: 'team-leads',
  supervisor: 'supervisors',
  admin: 'admins',
};

/** Roles that see the wallboard (every agent, every live contact, queue statistics), as GET /api/agents and /api/statistics allow. */
export const WALLBOARD_ROLES: readonly Role[] = ['supervisor', 'team_lead', 'admin'];
export const WALLBOARD_ROOMS: readonly string[] = WALLBOARD_ROLES.map((role) => ROLE_ROOMS[role]);

export function roomsFor(user: { id: string; roles: readonly Role[] }): string[] {
  const rooms = [userRoom(user.id), ...user.roles.map((role) => ROLE_ROOMS[role]).filter(Boolean)];
  if (user.roles.includes('agent')) rooms.push(agentRoom(user.id));
  return [...new Set(rooms)];
}

export function seesWallboard(user: { roles: readonly Role[] }): boolean {
  return user.roles.some((role) => WALLBOARD_ROLES.includes(role));
}
