// Open-loop arrival driver, run in its own thread so the client's work does not slow the server it measures.
// Like a PBX, it keeps a pool of keep-alive connections and sends one request at a time on each; an arrival
// waits for a free connection when all are busy, and that wait counts in its latency (measured from the
// moment the arrival was due). The request bytes are built once and responses are read with a minimal
// HTTP/1.1 parser: the driver shares the machine with the server and should take as little of it as it can.
const net = require('node:net');
const { parentPort, workerData } = require('node:worker_threads');

const { baseUrl, apiKey, rate, total, body, connections = 32 } = workerData;
const target = new URL('/api/interactions', baseUrl);
const payload = Buffer.from(JSON.stringify(body));
const request = Buffer.concat([
  Buffer.from(
    `POST ${target.pathname} HTTP/1.1\r\nHost: ${target.host}\r\nContent-Type: application/json\r\nX-Api-Key: ${apiKey}\r\n` +
      `Content-Length: ${payload.length}\r\nConnection: keep-alive\r\n\r\n`,
  ),
  payload,
]);

const latencies = [];
let failures = 0;
const failureKinds = {};
let sent = 0;
let settled = 0;
const started = performance.now();
const backlog = [];
const idle = [];

function finish() {
  if (++settled < total) return;
  for (const connection of idle) connection.socket.destroy();
  parentPort.postMessage({ latencies, failures, failureKinds, elapsedMs: performance.now() - started });
}

function fail(kind) {
  failures += 1;
  failureKinds[kind] = (failureKinds[kind] ?? 0) + 1;
  finish();
}

/** One keep-alive connection: a request in flight at most, its response read by Content-Length. */
function connect() {
  const connection = { socket: net.connect(Number(target.port), target.hostname), buffer: Buffer.alloc(0), dueAt: null };
  connection.socket.setNoDelay(true);
  connection.socket.on('data', (chunk) => {
    connection.buffer = connection.buffer.length === 0 ? chunk : Buffer.concat([connection.buffer, chunk]);
    const headEnd = connection.buffer.indexOf('\r\n\r\n');
    if (headEnd < 0) return;
    const head = connection.buffer.subarray(0, headEnd).toString('latin1');
    const length = Number(/\r\ncontent-length:\s*(\d+)/i.exec(head)?.[1] ?? 0);
    if (connection.buffer.length < headEnd + 4 + length) return;
    const status = Number(head.slice(9, 12));
    connection.buffer = connection.buffer.subarray(headEnd + 4 + length);
    const dueAt = connection.dueAt;
    connection.dueAt = null;
    if (status === 201) {
      latencies.push(performance.now() - dueAt);
      finish();
    } else fail(String(status));
    release(connection);
  });
  connection.socket.on('error', (error) => {
    if (connection.dueAt !== null) fail(error?.code ?? 'error');
    connection.dueAt = null;
  });
  connection.socket.on('close', () => {
    const at = idle.indexOf(connection);
    if (at >= 0) idle.splice(at, 1);
    if (connection.dueAt !== null) fail('closed');
    // The server closed a keep-alive connection: open another so the pool keeps its size.
    if (settled < total) idle.push(connect());
  });
  return connection;
}

function release(connection) {
  const dueAt = backlog.shift();
  if (dueAt === undefined) idle.push(connection);
  else dispatch(connection, dueAt);
}

function dispatch(connection, dueAt) {
  connection.dueAt = dueAt;
  connection.socket.write(request);
}

function send(dueAt) {
  const connection = idle.pop();
  if (connection) dispatch(connection, dueAt);
  else backlog.push(dueAt);
}

for (let i = 0; i < connections; i++) idle.push(connect());

function tick() {
  const due = Math.min(total, Math.floor(((performance.now() - started) / 1000) * rate));
  while (sent < due) {
    sent += 1;
    // Latency runs from when the arrival was due, so a late sender never hides a slow server.
    send(started + (sent / rate) * 1000);
  }
  if (sent < total) setTimeout(tick, 1);
}
tick();
