import { CHAT_DESK_NAMESPACE } from '@callcentre/shared';
import { io, type Socket } from 'socket.io-client';

/**
 * The desk's chat socket (namespace /chat-desk on the server that served the console), signed in by the session
 * cookie like the console's own socket. Opened while a chat contact is shown, one connection per chat shown
 * (`forceNew`): the console's own manager does not connect by itself, and a chat's panel closing must not close
 * another's.
 */
export function openChatDeskSocket(): Socket {
  return io(CHAT_DESK_NAMESPACE, { path: '/socket.io', forceNew: true, autoConnect: true, withCredentials: true, reconnectionDelay: 500, reconnectionDelayMax: 5_000 });
}
