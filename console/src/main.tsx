// The design system's tokens and base styles come first, so every component's styles build on them.
import './design-system';
// Simplified Chinese for machines without a CJK font: sliced by unicode-range, so only the glyphs a page uses are
// fetched, and shown with font-display: swap (text appears at once in a fallback font).
import '@fontsource/noto-sans-sc/400.css';
import '@fontsource/noto-sans-sc/600.css';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { createBrowserRouter, RouterProvider } from 'react-router';
import { AppProviders } from './app/AppProviders';
import { routes } from './app/routes';
import { createSessionStore } from './features/auth';
import { createI18n, preferredLanguage } from './i18n';
import { loadInterfaceFont } from './i18n/interface-font';

function sessionStorageOrNothing(): Storage | undefined {
  try {
    return window.sessionStorage;
  } catch {
    return undefined;
  }
}

const language = preferredLanguage(undefined, navigator.languages);
const i18n = createI18n(language);
const sessionStore = createSessionStore(sessionStorageOrNothing());
const router = createBrowserRouter(routes);

const container = document.getElementById('root');
if (!container) throw new Error('The page has no #root element to render the console into');

const root = createRoot(container);
// Chinese is drawn once its font slices are here (see loadInterfaceFont).
void loadInterfaceFont(language).then(() =>
  root.render(
    <StrictMode>
      <AppProviders i18n={i18n} sessionStore={sessionStore}>
        <RouterProvider router={router} />
      </AppProviders>
    </StrictMode>,
  ),
);
