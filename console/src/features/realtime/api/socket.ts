import { io } from 'socket.io-client';
import type { RealtimeSocket } from '../realtime-client';

/**
 * The browser's socket to the server that served the console (path /socket.io, default namespace). The
 * handshake carries the `cc_session` cookie; it connects when the realtime client starts it. A server gone
 * silent is noticed from the ping interval and timeout the server sends in the handshake (a few seconds), then
 * the socket reconnects, at most 5 s apart.
 */
export function openBrowserSocket(): RealtimeSocket {
  return io({
    path: '/socket.io',
    autoConnect: false,
    withCredentials: true,
    reconnectionDelay: 500,
    reconnectionDelayMax: 5_000,
  }) as unknown as RealtimeSocket;
}
