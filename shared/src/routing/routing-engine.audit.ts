/**
 * The engine's self-check: every index recomputed from the records and compared (`RoutingEngine.audit`), for tests
 * and health checks. Nothing here runs on the command path.
 */
import { CHANNELS } from '../domain/call-centre';
import {
  CHANNEL_COUNT,
  aggregate,
  bit,
  candidateKey,
  loadOf,
  qualifyingStep,
  nextWaitingDue,
  refusedBy,
  routableMask,
  skillScore,
  stateReason,
  stepAt,
  timeOrNull,
  type AgentRt,
  type ContactRt,
} from './routing-engine.model';
import type { EngineState } from './routing-engine.state';
import { orderingKey, staticPriority } from './routing.policy';

/**
 * Recomputes every index from scratch and compares; returns the problems found (empty when consistent).
 * With `exhaustive`, also checks that no waiting contact has an agent able to take it (O(n·A)).
 * For tests and health checks. O(n log n + A·(K + Q·S·R)).
 */
export function auditEngine(state: EngineState, options: { exhaustive?: boolean } = {}): string[] {
  const problems: string[] = [];
  const fail = (text: string) => problems.push(text);
  problems.push(...state.timers.audit().map((p) => `timers: ${p}`));
  const inTimers = new Set(state.timers.toArray());
  const offersByAgent = new Map<AgentRt, number>();
  const heldByAgent = new Map<AgentRt, ContactRt[]>();
  for (const contact of state.contacts.values()) {
    const id = contact.id;
    const queue = contact.queue;
    if (state.queues.get(queue.settings.id) !== queue) fail(`${id}: queue ${queue.settings.id} not registered`);
    if (contact.inWaiting !== (contact.status === 'waiting')) fail(`${id}: waiting flag disagrees with status ${contact.status}`);
    if (contact.dirty || contact.dropped) fail(`${id}: left dirty or dropped`);
    const expectedKey = orderingKey(
      staticPriority(state.policy, queue.settings.basePriority, contact.valueTier, contact.complaint, contact.boost),
      state.agingRate,
      contact.enqueuedAt,
    );
    if (contact.key !== expectedKey) fail(`${id}: ordering key ${contact.key} != ${expectedKey}`);
    const timerAt = inTimers.has(contact.timer) ? contact.timer.at : null;
    switch (contact.status) {
      case 'waiting': {
        if (contact.agent) fail(`${id}: waiting but linked to agent ${contact.agent.id}`);
        if (!contact.heap || !contact.heap.has(contact)) {
          fail(`${id}: waiting but in no heap`);
          break;
        }
        const preferred = contact.preferredAgentId === null ? undefined : state.agents.get(contact.preferredAgentId);
        const [k1, k2, k3] = contact.heap.keysOf(contact);
        if (k1 !== -contact.key || k2 !== contact.enqueuedAt || k3 !== contact.seq) fail(`${id}: heap keys are stale`);
        if (contact.cls === null) {
          if (!preferred || contact.heap !== preferred.preferred) fail(`${id}: in a heap that is not its preferred agent's`);
          else if (preferred.presence === 'offline' || preferred.disconnect) fail(`${id}: waits for a logged-out agent`);
        } else {
          const cls = contact.cls;
          if (cls !== contact.heap) fail(`${id}: class and heap disagree`);
          if (cls.queue !== queue || cls.step !== contact.step || cls.lang !== contact.langKey || cls.ch !== contact.ch) {
            fail(`${id}: in the wrong class`);
          }
          if (queue.classes.get(candidateKey(cls.step, cls.lang, cls.ch)) !== cls) fail(`${id}: class not registered in its queue`);
        }
        const expectedStep = stepAt(queue, Math.max(state.clock, contact.queueEnteredAt) - contact.queueEnteredAt);
        if (contact.step < 0 || contact.step >= queue.steps.length) fail(`${id}: step ${contact.step} out of range`);
        else if (contact.step > expectedStep) fail(`${id}: step ${contact.step} ahead of time (${expectedStep})`);
        const due = nextWaitingDue(contact);
        if (timerAt !== due) fail(`${id}: waiting timer ${timerAt} != ${due}`);
        break;
      }
      case 'offered': {
        const agent = contact.agent;
        if (!agent || agent.offer !== contact) fail(`${id}: offered but the agent does not hold the offer`);
        else offersByAgent.set(agent, (offersByAgent.get(agent) ?? 0) + 1);
        if (contact.heap) fail(`${id}: offered but still in a heap`);
        if (timerAt !== timeOrNull(contact.expiresAt)) fail(`${id}: offer timer ${timerAt} != ${contact.expiresAt}`);
        break;
      }
      case 'connected':
      case 'wrap_up': {
        const agent = contact.agent;
        if (!agent || !agent.held.includes(contact)) fail(`${id}: ${contact.status} but not held by its agent`);
        else heldByAgent.set(agent, [...(heldByAgent.get(agent) ?? []), contact]);
        if (contact.heap) fail(`${id}: ${contact.status} but still in a heap`);
        const expected = contact.status === 'wrap_up' ? timeOrNull(contact.wrapUpEndsAt) : null;
        if (timerAt !== expected) fail(`${id}: ${contact.status} timer ${timerAt} != ${expected}`);
        if (contact.agentLost && contact.status !== 'connected') fail(`${id}: agent lost outside a connection`);
        break;
      }
    }
  }
  for (const queue of state.queues.values()) {
    const members = [...state.contacts.values()].filter((c) => c.queue === queue);
    if (members.length !== queue.memberCount) fail(`queue ${queue.settings.id}: ${queue.memberCount} members counted, ${members.length} found`);
    const waiting = members.filter((c) => c.status === 'waiting').length;
    if (waiting !== queue.waitingCount) fail(`queue ${queue.settings.id}: ${queue.waitingCount} waiting counted, ${waiting} found`);
    queue.active.forEach((bySteps, lang) =>
      bySteps?.forEach((list, step) =>
        list.forEach((cls, i) => {
          if (cls.activeIndex !== i || cls.lang !== lang || cls.step !== step) fail(`queue ${queue.settings.id}: active index broken`);
        }),
      ),
    );
    for (const cls of queue.classes.values()) {
      problems.push(...cls.audit().map((p) => `class queue: ${p}`));
      if ((cls.size > 0) !== (cls.activeIndex >= 0)) fail(`queue ${queue.settings.id}: class activity wrong`);
      if (cls.activeIndex >= 0 && queue.active[cls.lang]?.[cls.step]?.[cls.activeIndex] !== cls) fail(`queue ${queue.settings.id}: active class not listed`);
      for (const contact of cls.toArray()) if (contact.cls !== cls) fail(`${contact.id}: listed in a class it does not know`);
      if (cls.toArray().filter((c) => c.refusals.length > 0).length !== cls.refusing) fail(`queue ${queue.settings.id}: refusing count wrong`);
    }
  }
  for (const timer of inTimers) {
    const owner = timer.contact ?? timer.agent;
    if (timer.contact && state.contacts.get(timer.contact.id) !== timer.contact) fail(`timer for dropped contact ${timer.contact.id}`);
    if (timer.agent && state.agents.get(timer.agent.id) !== timer.agent) fail(`timer for removed agent ${timer.agent.id}`);
    if (!owner) fail('timer without owner');
  }
  const listed = new Map<AgentRt, number>();
  for (const queue of state.queues.values()) {
    for (const [key, list] of queue.candidates) {
      let previous = -Infinity;
      let count = 0;
      for (let node = list.head; node !== null; node = node.next) {
        const entry = node.entry;
        count++;
        if (node.list !== list || node.home !== list || (node.next !== null && node.next.prev !== node)) fail(`candidates ${queue.settings.id}/${key} links broken`);
        const agent = entry.agent;
        if (agent.idleSeq <= previous) fail(`candidates ${queue.settings.id}/${key} not in idle order`);
        previous = agent.idleSeq;
        const ok =
          queue.qualified.get(agent) === entry &&
          CHANNELS.some(
            (_, ch) =>
              (agent.routable & queue.channelMask & bit(ch)) !== 0 &&
              agent.langKeys.some((lang) => candidateKey(entry.minStep, lang, ch) === key),
          );
        if (!ok) fail(`${agent.id} wrongly listed in ${queue.settings.id}/${key}`);
        listed.set(agent, (listed.get(agent) ?? 0) + 1);
      }
      if (count !== list.size || (list.tail !== null && list.tail.next !== null)) fail(`candidates ${queue.settings.id}/${key} size wrong`);
    }
    for (const [agent, entry] of queue.qualified) {
      if (!agent.qualified.includes(entry) || entry.agent !== agent || entry.queue !== queue) fail(`${agent.id} qualified for ${queue.settings.id} one way only`);
      if (entry.active.length !== agent.langKeys.length || agent.langKeys.some((lang, l) => queue.active[lang] !== entry.active[l])) {
        fail(`${agent.id}: stale class lists for ${queue.settings.id}`);
      }
    }
  }
  for (const agent of state.agentOrder) {
    const id = agent.id;
    if (state.agents.get(id) !== agent) fail(`${id}: not registered`);
    const held = heldByAgent.get(agent) ?? [];
    if (held.length !== agent.held.length) fail(`${id}: holds ${agent.held.length} contacts, ${held.length} point back`);
    const perChannel = CHANNELS.map((_, ch) => held.filter((c) => c.ch === ch).length);
    if (perChannel.some((n, ch) => n !== agent.heldCh[ch])) fail(`${id}: per-channel counts ${agent.heldCh} != ${perChannel}`);
    if (agent.connected !== held.filter((c) => c.status === 'connected').length) fail(`${id}: connected count wrong`);
    if (agent.wrapping !== held.filter((c) => c.status === 'wrap_up').length) fail(`${id}: wrap-up count wrong`);
    if (agent.load !== loadOf(agent)) fail(`${id}: load ${agent.load} != ${loadOf(agent)}`);
    if ((offersByAgent.get(agent) ?? 0) !== (agent.offer ? 1 : 0)) fail(`${id}: offer link broken`);
    if (agent.offer && agent.offer.status !== 'offered') fail(`${id}: offer points to a ${agent.offer.status} contact`);
    const expectedState = aggregate(agent);
    const reason = stateReason(agent);
    if (agent.dirty) fail(`${id}: left dirty`);
    if (expectedState !== agent.state || reason !== agent.stateReason) fail(`${id}: state ${agent.state}/${agent.stateReason} != ${expectedState}/${reason}`);
    if (agent.presence === 'offline' && (agent.held.length > 0 || agent.offer)) fail(`${id}: offline with work`);
    if (agent.presence === 'available' && agent.pending && agent.held.length === 0 && !agent.offer) fail(`${id}: pending not applied`);
    if ((agent.disconnect !== null) !== (agent.presence === 'not_ready' && agent.reason === 'disconnected')) fail(`${id}: disconnect flag wrong`);
    const mask = routableMask(agent, state.blockMask);
    if (mask !== agent.routable) fail(`${id}: routable ${agent.routable} != ${mask}`);
    if (agent.listed !== (mask !== 0)) fail(`${id}: listed ${agent.listed} while routable ${mask}`);
    let expectedListings = 0;
    for (const { queue } of agent.qualified) {
      for (let ch = 0; ch < CHANNEL_COUNT; ch++) if (mask & queue.channelMask & bit(ch)) expectedListings += agent.langKeys.length;
    }
    if ((listed.get(agent) ?? 0) !== expectedListings) fail(`${id}: listed ${listed.get(agent) ?? 0} times, expected ${expectedListings}`);
    for (const queue of state.queues.values()) {
      const expected = qualifyingStep(agent, queue);
      const entry = agent.qualified.find((q) => q.queue === queue);
      if ((entry?.minStep ?? -1) !== expected) fail(`${id}: qualification for ${queue.settings.id} ${entry?.minStep} != ${expected}`);
      if (entry && entry.score !== skillScore(agent, queue)) fail(`${id}: score for ${queue.settings.id} is stale`);
      if (queue.qualified.has(agent) !== (expected >= 0)) fail(`${id}: ${queue.settings.id} qualified-agents map wrong`);
    }
    if (agent.qualified.length !== new Set(agent.qualified.map((q) => q.queue)).size) fail(`${id}: a queue qualified twice`);
    problems.push(...agent.preferred.audit().map((p) => `${id} preferred heap: ${p}`));
    for (const contact of agent.preferred.toArray()) {
      if (contact.preferredAgentId !== id || contact.cls !== null || contact.status !== 'waiting') fail(`${id}: stray preferred contact ${contact.id}`);
    }
    const graceTimer = inTimers.has(agent.timer) ? agent.timer.at : null;
    const graceEndsAt = agent.disconnect?.graceEndsAt ?? null;
    if (graceTimer !== graceEndsAt) fail(`${id}: grace timer ${graceTimer} != ${graceEndsAt}`);
    if (held.some((c) => c.agentLost) && graceEndsAt === null) fail(`${id}: lost contacts without a grace period`);
  }
  if (options.exhaustive && !state.reconcilePending) {
    for (const contact of state.contacts.values()) {
      if (contact.status !== 'waiting') continue;
      for (const agent of state.agentOrder) {
        if (canTake(state, agent, contact)) fail(`${contact.id} waits while ${agent.id} could take it`);
      }
    }
  }
  return problems;
}

/** Brute-force check used by `audit`: could this agent be offered this waiting contact right now? */
function canTake(state: EngineState, agent: AgentRt, contact: ContactRt): boolean {
  if ((routableMask(agent, state.blockMask) & bit(contact.ch)) === 0) return false;
  if (refusedBy(contact, agent)) return false;
  if (contact.cls === null) return contact.preferredAgentId === agent.id;
  const step = contact.queue.steps[contact.step];
  return step.keys.every((key, i) => (agent.prof.get(key) ?? 0) >= step.mins[i]) && (contact.langKey === 0 || agent.prof.has(contact.langKey));
}
