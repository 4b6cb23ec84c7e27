// Desks for bench:fanout, in a process of their own so that their CPU is not counted as the server's. Opens the
// desks over websocket (200 at a time), then counts the deltas they receive and reports each time a given total
// has arrived; every delta's sequence number is checked, so a lost, doubled or garbled delta fails the run.
const { io } = require('socket.io-client');

const [url, desksText] = process.argv.slice(2);
const desks = Number(desksText);
const sockets = [];
let received = 0;
let waitingFor = Infinity;
const failures = [];

function report(message) {
  process.send?.(message);
}

function onDelta(socket, delta) {
  socket.expectedSeq = (socket.expectedSeq ?? 0) + 1;
  if (!delta || delta.seq !== socket.expectedSeq || typeof delta.epoch !== 'string' || !delta.data?.queue?.queueId) {
    if (failures.length < 5) failures.push({ expected: socket.expectedSeq, got: delta?.seq ?? null });
  }
  received += 1;
  if (received >= waitingFor) {
    waitingFor = Infinity;
    report({ kind: 'received', received, failures });
  }
}

async function connectAll() {
  for (let start = 0; start < desks; start += 200) {
    const batch = [];
    for (let index = start; index < Math.min(desks, start + 200); index += 1) {
      const socket = io(url, { path: '/socket.io', transports: ['websocket'], forceNew: true, reconnection: false });
      socket.on('queue:stats', (delta) => onDelta(socket, delta));
      sockets.push(socket);
      batch.push(new Promise((resolve, reject) => {
        socket.once('ready', resolve);
        socket.once('connect_error', reject);
      }));
    }
    await Promise.all(batch);
  }
  report({ kind: 'connected', desks: sockets.length });
}

process.on('message', (message) => {
  if (message.kind === 'await') {
    waitingFor = message.total;
    if (received >= waitingFor) {
      waitingFor = Infinity;
      report({ kind: 'received', received, failures });
    }
  } else if (message.kind === 'close') {
    for (const socket of sockets) socket.disconnect();
    process.exit(0);
  }
});

connectAll().catch((error) => {
  report({ kind: 'error', message: String(error?.message ?? error) });
  process.exit(1);
});
