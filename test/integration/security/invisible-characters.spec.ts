import { signInAs } from '../../factories/routing';
import { createApiKey } from '../../factories/users';
import { startTestApp, type TestApp } from '../../support/test-app';
import { send } from './support';

const RLO = '\u202E';
const LRI = '\u2066';
const PDI = '\u2069';
const ZWSP = '\u200B';
const ZWJ = '\u200D';
const BOM = '\uFEFF';

/**
 * Names are cleaned at the edge: bidirectional controls and zero-width characters, which can make a name read
 * as something else on screen, are removed before a person's name is stored. Free text (a complaint's words)
 * keeps what the customer said, character for character.
 */
describe('security: invisible formatting characters in names', () => {
  let server: TestApp;
  let admin: Record<string, string>;
  let ingest: Record<string, string>;

  beforeAll(async () => {
    server = await startTestApp({ seedDemo: true });
    admin = (await signInAs(server.dataSource, 'admin')).headers;
    ingest = { ...(await createApiKey(server.dataSource)).headers };
  }, 60_000);
  afterAll(async () => {
    await server.close();
  });

  it('stores a display name without bidi controls or zero-width characters, and refuses one made only of them', async () => {
    const created = await send(server.baseUrl, 'POST', '/api/users', {
      headers: admin,
      body: { username: 'mallory.x', displayName: `${BOM}Mal${ZWSP}lory ${RLO}exe.txt${LRI}  Ltd${PDI}`, password: 'kettle orbit lantern', roles: ['agent'] },
    });
    expect(created.status).toBe(201);
    expect(created.body.displayName).toBe('Mallory exe.txt Ltd');
    const [row] = await server.dataSource.query(`SELECT display_name FROM users WHERE username = 'mallory.x'`);
    expect(row.display_name).toBe('Mallory exe.txt Ltd');

    const invisible = await send(server.baseUrl, 'POST', '/api/users', {
      headers: admin,
      body: { username: 'nobody.seen', displayName: `${RLO}${ZWSP}${ZWJ} `, password: 'kettle orbit lantern', roles: ['agent'] },
    });
    expect(invisible.status).toBe(400);
    expect(invisible.body.fields.map((field: { field: string }) => field.field)).toEqual(['displayName']);
  });

  it('stores a caller’s name without them, keeps a right-to-left name intact, and drops a name that was only formatting', async () => {
    const arrive = (name: string, externalId: string) =>
      send(server.baseUrl, 'POST', '/api/interactions', { headers: ingest, body: { channel: 'chat', caller: { name }, queue: 'general', externalId } });
    const spoofed = await arrive(`Ev${ZWSP}e ${RLO}gnp.exe`, 'bidi-1');
    expect(spoofed.status).toBe(201);
    const stored = async (id: string) => (await server.dataSource.query(`SELECT caller FROM interactions WHERE id = $1`, [id]))[0].caller;
    expect((await stored(spoofed.body.interaction.id)).name).toBe('Eve gnp.exe');

    const arabic = await arrive('محمد علي', 'bidi-2');
    expect((await stored(arabic.body.interaction.id)).name).toBe('محمد علي');

    const onlyFormatting = await arrive(`${RLO}${ZWSP}`, 'bidi-3');
    expect(onlyFormatting.status).toBe(201);
    expect(await stored(onlyFormatting.body.interaction.id)).not.toHaveProperty('name');
  });
});
