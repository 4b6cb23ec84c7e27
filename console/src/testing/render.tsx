import { render, type RenderResult } from '@testing-library/react';
import type { ReactElement, ReactNode } from 'react';
import { I18nextProvider } from 'react-i18next';
import { createMemoryRouter, RouterProvider } from 'react-router';
import { routes } from '../app/routes';
import { createSessionStore, SessionProvider, type Session, type SessionStore } from '../features/auth';
import { StaticConnectionProvider, type ConnectionStatus } from '../features/connection';
import { createI18n, type ConsoleLanguage } from '../i18n';

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
  session?: Session | null;
  connection?: ConnectionStatus;
}

export interface TestProviders {
  sessionStore: SessionStore;
  languageStorage: Storage;
  wrap(children: ReactNode): ReactElement;
}

export function testProviders({ language = 'en', languageStorage = memoryStorage(), session = null, connection = 'online' }: ProvidersOptions = {}): TestProviders {
  const i18n = createI18n(language, languageStorage);
  const sessionStore = createSessionStore(memoryStorage());
  if (session) sessionStore.set(session);
  return {
    sessionStore,
    languageStorage,
    wrap: (children) => (
      <I18nextProvider i18n={i18n}>
        <SessionProvider store={sessionStore}>
          <StaticConnectionProvider value={connection}>{children}</StaticConnectionProvider>
        </SessionProvider>
      </I18nextProvider>
    ),
  };
}

/** Renders one component inside the console's providers (language, session, connection). */
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

/** Replaces global fetch with answers per path; unknown paths answer 404 like the server. */
export function mockFetch(routesByPath: Record<string, () => Response | Promise<Response>>): jest.Mock {
  const mock = jest.fn(async (input: RequestInfo | URL) => {
    const path = typeof input === 'string' ? input : input instanceof URL ? input.pathname : input.url;
    const answer = routesByPath[path];
    return answer ? answer() : fakeResponse(404, { statusCode: 404, code: 'NOT_FOUND', message: `Cannot GET ${path}` });
  });
  globalThis.fetch = mock as unknown as typeof fetch;
  return mock;
}
