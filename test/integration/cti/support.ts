import type { CallDetails, CallView } from '@callcentre/shared';
import { call, DemoStaff, signInAs } from '../../factories/routing';
import { createApiKey } from '../../factories/users';
import { FakePbx } from '../../support/fake-pbx';
import { startTestApp, TestApp } from '../../support/test-app';
import { eventually } from '../realtime/support';

export const CTI_SECRET = 'a-shared-secret-for-the-pbx-tests';

export type SignedIn = Awaited<ReturnType<typeof signInAs>>;

export interface CtiWorld {
  server: TestApp;
  /** Stops the server and starts it again on the same database (a restart); the PBX follows it. */
  restart(): Promise<void>;
  pbx: FakePbx;
  pbxKey: { key: string; headers: Record<string, string> };
  amy: SignedIn;
  ben: SignedIn;
  supervisor: SignedIn;
}

/** The server wired to a fake PBX (2 s to answer a command), Amy and Ben available on a queue without wrap-up. */
export async function startCtiWorld(): Promise<CtiWorld> {
  let serverUrl = '';
  let apiKey = '';
  const pbx = new FakePbx({ secret: CTI_SECRET, serverUrl: () => serverUrl, apiKey: () => apiKey });
  const commandUrl = await pbx.start();
  const env = { HEARTBEAT_TIMEOUT_SECONDS: '600', CTI_COMMAND_URL: commandUrl, CTI_SHARED_SECRET: CTI_SECRET, CTI_COMMAND_TIMEOUT_SECONDS: '2' };
  const server = await startTestApp({ seedDemo: true, env });
  serverUrl = server.baseUrl;
  const pbxKey = await createApiKey(server.dataSource, { scopes: ['ingest'] });
  apiKey = pbxKey.key;
  const amy = await signInAs(server.dataSource, 'amy');
  const ben = await signInAs(server.dataSource, 'ben');
  const supervisor = await signInAs(server.dataSource, 'sophie');
  const admin = await signInAs(server.dataSource, 'admin');
  const queue = await call(server.baseUrl, 'POST', '/api/queues', admin.headers, { code: 'cti-calls', name: 'CTI calls', wrapUpSeconds: 0, skills: [] });
  if (queue.status !== 201) throw new Error(`queue not created: ${JSON.stringify(queue.body)}`);
  for (const agent of [amy, ben]) {
    const state = await call(server.baseUrl, 'PUT', '/api/agents/me/state', agent.headers, { state: 'available' });
    if (state.status !== 200) throw new Error(`${agent.username} not available: ${JSON.stringify(state.body)}`);
  }
  const world: CtiWorld = {
    server,
    pbx,
    pbxKey,
    amy,
    ben,
    supervisor,
    restart: async () => {
      await world.server.stop();
      world.server = await startTestApp({ env, database: world.server.database });
      serverUrl = world.server.baseUrl;
    },
  };
  return world;
}

export async function stopCtiWorld(world: CtiWorld | undefined): Promise<void> {
  await world?.server.close();
  await world?.pbx.stop();
}

/** A call from the PBX answered by `agent` (asked for by name, as the IVR would); returns its contact id. */
export async function answeredCall(world: CtiWorld, agent: DemoStaff, caller: Record<string, string> = { name: 'Caller' }): Promise<string> {
  const ingested = await call(world.server.baseUrl, 'POST', '/api/interactions', world.pbxKey.headers, { channel: 'voice', caller, queue: 'cti-calls', preferredAgentId: agent.id });
  if (ingested.status !== 201) throw new Error(`call not taken: ${JSON.stringify(ingested.body)}`);
  const id: string = ingested.body.interaction.id;
  const offer = await eventually(async () => {
    const view = (await call(world.server.baseUrl, 'GET', `/api/interactions/${id}`, world.supervisor.headers)).body;
    return view.offer?.agentId === agent.id ? view.offer : null;
  }, 10_000, `the offer to ${agent.username}`);
  const accepted = await call(world.server.baseUrl, 'POST', `/api/interactions/${id}/accept`, agent.headers, { offerId: offer.offerId });
  if (accepted.status !== 200) throw new Error(`offer not accepted: ${JSON.stringify(accepted.body)}`);
  return id;
}

export async function command(world: CtiWorld, agent: DemoStaff, contactId: string, body: Record<string, unknown>): Promise<{ status: number; body: any }> {
  return call(world.server.baseUrl, 'POST', `/api/calls/${contactId}/commands`, agent.headers, body);
}

export async function details(world: CtiWorld, contactId: string, who?: DemoStaff): Promise<CallDetails> {
  const answer = await call(world.server.baseUrl, 'GET', `/api/calls/${contactId}`, (who ?? world.supervisor).headers);
  if (answer.status !== 200) throw new Error(`call details refused: ${JSON.stringify(answer.body)}`);
  return answer.body;
}

/** The call once no command is pending any more. */
export async function settled(world: CtiWorld, contactId: string, timeoutMs = 10_000): Promise<CallView> {
  return eventually(async () => {
    const view = (await details(world, contactId)).call;
    return view && view.state !== 'pending' ? view : null;
  }, timeoutMs, 'the command settled');
}

export async function agentState(world: CtiWorld, agentId: string): Promise<{ state: string; free: boolean }> {
  const directory = await call(world.server.baseUrl, 'GET', '/api/calls/directory', world.supervisor.headers);
  const agent = directory.body.agents.find((entry: { id: string }) => entry.id === agentId);
  return { state: agent.state, free: agent.free };
}

/** Ends the call from the desktop and waits until the agent is free again. */
export async function hangUp(world: CtiWorld, agent: DemoStaff, contactId: string): Promise<void> {
  const ended = await command(world, agent, contactId, { type: 'end' });
  if (ended.status !== 202) throw new Error(`end refused: ${JSON.stringify(ended.body)}`);
  await eventually(async () => (await agentState(world, agent.id)).free, 10_000, `${agent.username} free again`);
}
