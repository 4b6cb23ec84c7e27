// Open-loop arrival driver, run in its own thread so the client's work does not slow the server it measures.
// Like a PBX, it keeps a pool of keep-alive connections: a request waits for a free connection when all are
// busy, and that wait counts in its latency (measured from the moment the arrival was due).
const http = require('node:http');
const { parentPort, workerData } = require('node:worker_threads');

const { baseUrl, apiKey, rate, total, body, connections = 64 } = workerData;
const target = new URL('/api/interactions', baseUrl);
const agent = new http.Agent({ keepAlive: true, maxSockets: connections });
const payload = Buffer.from(JSON.stringify(body));
const headers = { 'content-type': 'application/json', 'content-length': payload.length, 'x-api-key': apiKey };
const latencies = [];
let failures = 0;
const failureKinds = {};
let sent = 0;
let settled = 0;
const started = performance.now();

function finish() {
  if (++settled === total) {
    agent.destroy();
    parentPort.postMessage({ latencies, failures, failureKinds, elapsedMs: performance.now() - started });
  }
}

function fail(kind) {
  failures += 1;
  failureKinds[kind] = (failureKinds[kind] ?? 0) + 1;
  finish();
}

function send(dueAt) {
  const request = http.request(target, { method: 'POST', agent, headers }, (response) => {
    response.on('data', () => undefined);
    response.on('end', () => {
      if (response.statusCode === 201) {
        latencies.push(performance.now() - dueAt);
        finish();
      } else fail(String(response.statusCode));
    });
    response.on('error', (error) => fail(error?.code ?? 'error'));
  });
  request.on('error', (error) => fail(error?.code ?? error?.name ?? 'error'));
  request.end(payload);
}

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
