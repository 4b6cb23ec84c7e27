import { render, type RenderResult } from '@testing-library/react';
import type { ReactElement, ReactNode } from 'react';
import { I18nextProvider } from 'react-i18next';
import { createMemoryRouter, RouterProvider } from 'react-router';
import { routes } from '../app/routes';
import { createSessionStore, SessionProvider, type Session, type SessionStore } from '../features/auth';
import { StaticConnectionProvider, type ConnectionStatus } from '../features/connection';
import { createRealtimeStore, RealtimeProvider, type RealtimeStore } from '../features/realtime';
import { createI18n, type ConsoleLanguage } from '../i18n';
import { FakeSocket } from './fake-socket';
import { aSession } from './fixtures';

/** An in-memory Storage, so tests never share localStorage state by accident. */
export function memoryStorage(initial: Record<string, string> = {}): Storage {
  const items = new Map(Object.entries(initial));
  return {
    get length() {
      return items.size;
    },
    clear: () => items.clear(),
    getItem: (key) => items.get(key) ?? null,
    key: (index) => [...items.keys()][index] ?? null,
    removeItem: (key) => void items.delete(key),
    setItem: (key, value) => void items.set(key, String(value)),
  };
}

export interface ProvidersOptions {
  language?: ConsoleLanguage;
  languageStorage?: Storage;
  /** Signed in with this session (missing fields filled in by `aSession`), or signed out. */
  session?: Partial<Session> | null;
  connection?: ConnectionStatus;
  /** The server end of the realtime socket; a silent one by default. */
  socket?: FakeSocket;
}

export interface TestProviders {
  sessionStore: SessionStore;
  languageStorage: Storage;
  socket: FakeSocket;
  realtime: RealtimeStore;
  wrap(children: ReactNode): ReactElement;
}

export function testProviders({
  language = 'en',
  languageStorage = memoryStorage(),
  session = null,
  connection = 'online',
  socket = new FakeSocket(),
}: ProvidersOptions = {}): TestProviders {
  const i18n = createI18n(language, languageStorage);
  const sessionStore = createSessionStore(memoryStorage());
  if (session) sessionStore.set(aSession(session));
  const realtime = createRealtimeStore();
  return {
    sessionStore,
    languageStorage,
    socket,
    realtime,
    wrap: (children) => (
      <I18nextProvider i18n={i18n}>
        <SessionProvider store={sessionStore}>
          <StaticConnectionProvider value={connection}>
            <RealtimeProvider socketFactory={() => socket} store={realtime}>
              {children}
            </RealtimeProvider>
          </StaticConnectionProvider>
        </SessionProvider>
      </I18nextProvider>
    ),
  };
}

/** Renders one component inside the console's providers (language, session, connection, realtime). */
export function renderWithProviders(ui: ReactElement, options: ProvidersOptions = {}): RenderResult & TestProviders {
  const providers = testProviders(options);
  return { ...render(providers.wrap(ui)), ...providers };
}

/** Renders the whole console at `path`, with the real routes. */
export function renderApp(path: string, options: ProvidersOptions = {}) {
  const providers = testProviders(options);
  const router = createMemoryRouter(routes, { initialEntries: [path] });
  const result = render(providers.wrap(<RouterProvider router={router} />));
  return { ...result, ...providers, router };
}

/** A minimal fetch Response: what the console's http client reads. */
export function fakeResponse(status: number, body: unknown, { raw = false }: { raw?: boolean } = {}): Response {
  const text = body === undefined ? '' : raw ? String(body) : JSON.stringify(body);
  return { ok: status >= 200 && status < 300, status, text: async () => text } as Response;
}

type Answer = (request: { path: string; method: string; body: unknown; query: URLSearchParams }) => Response | Promise<Response>;

/**
 * Replaces global fetch with answers per path (without the query), optionally per method as "POST /api/x";
 * unknown paths answer 404 like the server.
 */
export function mockFetch(routesByPath: Record<string, Answer>): jest.Mock {
  const mock = jest.fn(async (input: RequestInfo | URL, init?: RequestInit) => {
    const raw = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    const url = new URL(raw, 'http://console.test');
    const method = init?.method ?? 'GET';
    const body = typeof init?.body === 'string' ? JSON.parse(init.body) : undefined;
    const answer = routesByPath[`${method} ${url.pathname}`] ?? routesByPath[url.pathname];
    return answer
      ? answer({ path: url.pathname, method, body, query: url.searchParams })
      : fakeResponse(404, { statusCode: 404, code: 'NOT_FOUND', message: `Cannot ${method} ${url.pathname}` });
  });
  globalThis.fetch = mock as unknown as typeof fetch;
  return mock;
}
