// Open-loop arrival driver, run in its own thread so the client's work does not slow the server it measures.
const { parentPort, workerData } = require('node:worker_threads');

const { baseUrl, apiKey, rate, total, body } = workerData;
const latencies = [];
let failures = 0;
const failureKinds = {};
let sent = 0;
const inFlight = new Set();
const started = performance.now();

function send() {
  const sentAt = performance.now();
  const request = fetch(`${baseUrl}/api/interactions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-api-key': apiKey },
    body: JSON.stringify(body),
  })
    .then(async (response) => {
      await response.arrayBuffer();
      if (response.status === 201) latencies.push(performance.now() - sentAt);
      else {
        failures += 1;
        failureKinds[response.status] = (failureKinds[response.status] ?? 0) + 1;
      }
    })
    .catch((error) => {
      failures += 1;
      const kind = error?.cause?.code ?? error?.name ?? 'error';
      failureKinds[kind] = (failureKinds[kind] ?? 0) + 1;
    })
    .finally(() => inFlight.delete(request));
  inFlight.add(request);
}

function tick() {
  const due = Math.min(total, Math.floor(((performance.now() - started) / 1000) * rate));
  while (sent < due) {
    sent += 1;
    send();
  }
  if (sent < total) setTimeout(tick, 1);
  else Promise.all(inFlight).then(() => parentPort.postMessage({ latencies, failures, failureKinds, elapsedMs: performance.now() - started }));
}
tick();
