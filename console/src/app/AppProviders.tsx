import type { i18n as I18n } from 'i18next';
import type { ReactNode } from 'react';
import { I18nextProvider } from 'react-i18next';
import { SessionProvider, type SessionStore } from '../features/auth';
import { ConnectionProvider } from '../features/connection';
import { RealtimeProvider } from '../features/realtime';

export interface AppProvidersProps {
  i18n: I18n;
  sessionStore: SessionStore;
  children: ReactNode;
}

/** Everything the pages rely on: language, the signed-in person kept alive, the server connection and the live feed. */
export function AppProviders({ i18n, sessionStore, children }: AppProvidersProps) {
  return (
    <I18nextProvider i18n={i18n}>
      <SessionProvider store={sessionStore} keepAlive>
        <ConnectionProvider>
          <RealtimeProvider>{children}</RealtimeProvider>
        </ConnectionProvider>
      </SessionProvider>
    </I18nextProvider>
  );
}
