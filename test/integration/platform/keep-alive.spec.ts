import { connect, type Socket } from 'node:net';
import { startTestApp, type TestApp } from '../../support/test-app';

/** Sends one request on the socket and resolves with the status line of its answer. */
function statusOf(socket: Socket, host: string): Promise<string> {
  return new Promise((resolve, reject) => {
    let received = '';
    const onData = (chunk: Buffer) => {
      received += chunk.toString('latin1');
      const body = received.indexOf('\r\n\r\n');
      if (body < 0) return;
      const length = Number(/content-length: (\d+)/i.exec(received.slice(0, body))?.[1] ?? 0);
      if (received.length < body + 4 + length) return;
      socket.off('data', onData);
      socket.off('close', onClose);
      resolve(received.slice(0, received.indexOf('\r\n')));
    };
    const onClose = () => reject(new Error(`connection closed before an answer (got ${JSON.stringify(received)})`));
    socket.on('data', onData);
    socket.once('close', onClose);
    socket.write(`GET /health HTTP/1.1\r\nHost: ${host}\r\nConnection: keep-alive\r\n\r\n`);
  });
}

describe('kept-alive connections', () => {
  let server: TestApp;

  afterAll(async () => {
    await server.close();
  });

  it('answers a second request on a connection left idle longer than Node closes one by default', async () => {
    server = await startTestApp();
    const { hostname, port } = new URL(server.baseUrl);
    const socket = connect(Number(port), hostname);
    await new Promise((resolve) => socket.once('connect', resolve));
    try {
      expect(await statusOf(socket, `${hostname}:${port}`)).toBe('HTTP/1.1 200 OK');
      // Node's own default closes an idle connection after 5 s.
      await new Promise((resolve) => setTimeout(resolve, 6000));
      expect(await statusOf(socket, `${hostname}:${port}`)).toBe('HTTP/1.1 200 OK');
    } finally {
      socket.destroy();
    }
  });
});
