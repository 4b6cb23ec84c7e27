// Open-loop arrivals for the load generator, in a thread of their own so the agents' sockets do not delay them:
// contacts are POSTed to the ingestion API at `rate` per second for `durationSec`, whatever the answers.
// Results go to the main thread in batches: [seq, sentAt, answeredAt, status, interactionId | null, error?]
// (status 0 when no answer came; the error then says why).
const { parentPort, workerData } = require('node:worker_threads');

const { baseUrl, apiKey, rate, durationSec, queueCode } = workerData;
const total = Math.round(rate * durationSec);
const now = () => performance.timeOrigin + performance.now();
let sent = 0;
let pending = [];
const inFlight = new Set();
const started = performance.now();

function post(seq) {
  const sentAt = now();
  const request = fetch(`${baseUrl}/api/interactions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-api-key': apiKey },
    body: JSON.stringify({ channel: 'voice', caller: {}, queue: queueCode, subject: `load ${seq}` }),
  })
    .then(async (response) => {
      const text = await response.text();
      let id = null;
      try {
        id = response.status === 201 ? JSON.parse(text).interaction.id : null;
      } catch {
        id = null;
      }
      pending.push([seq, sentAt, now(), response.status, id]);
    })
    .catch((error) => pending.push([seq, sentAt, now(), 0, null, String(error?.cause?.code ?? error?.cause?.message ?? error?.message ?? error)]))
    .finally(() => inFlight.delete(request));
  inFlight.add(request);
}

const flush = setInterval(() => {
  if (pending.length === 0) return;
  parentPort.postMessage({ kind: 'results', results: pending });
  pending = [];
}, 100);

function tick() {
  const due = Math.min(total, Math.floor(((performance.now() - started) / 1000) * rate));
  while (sent < due) post(++sent);
  if (sent < total) {
    setTimeout(tick, 1);
    return;
  }
  const postingMs = performance.now() - started;
  Promise.all(inFlight).then(() => {
    clearInterval(flush);
    parentPort.postMessage({ kind: 'results', results: pending });
    parentPort.postMessage({ kind: 'done', postingMs, answeredMs: performance.now() - started });
  });
}
tick();
