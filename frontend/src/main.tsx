// Entry point: applies the language, loads the runtime config, restores the session and renders the app.
import { render } from 'preact';
import { App } from './App';
import { applyDocumentLocale, localeStore } from './i18n';
import { loadConfig } from './lib/config';
import { refreshSession, sessionStore } from './lib/session';
import './styles/app.css';

applyDocumentLocale(localeStore.get());
localeStore.subscribe(applyDocumentLocale);
void loadConfig();
refreshSession().catch(() => {
  // The API is unreachable or busy: show the app anyway; pages explain their own errors.
  sessionStore.set({ status: 'anonymous' });
});
const root = document.getElementById('app')!;
root.textContent = '';
render(<App />, root);
