// The app shell: skip link, header, the route's page and footer; focus moves to each new page's heading.
import { useEffect, useRef } from 'preact/hooks';
import { Header } from './components/Header';
import { localeStore, t } from './i18n';
import { match, useLocation } from './lib/router';
import { useStore } from './lib/store';
import { AdminArea } from './pages/admin/AdminArea';
import { AdminGate } from './pages/admin/AdminGate';
import { HomePage } from './pages/HomePage';
import { NotFoundPage } from './pages/NotFoundPage';
import { ParticipantPage } from './pages/participant/ParticipantPage';
import { ResultsPage } from './pages/ResultsPage';

function route(path: string) {
  let m: Record<string, string> | null;
  if (path === '/' || path === '') return <HomePage />;
  if ((m = match('/p/:slug', path))) return <ParticipantPage slug={m.slug!} tab="write" />;
  if ((m = match('/p/:slug/mine', path))) return <ParticipantPage slug={m.slug!} tab="mine" />;
  if ((m = match('/r/:slug', path))) return <ResultsPage slug={m.slug!} />;
  if (path.startsWith('/admin')) {
    return (
      <AdminGate>
        <AdminArea path={path} />
      </AdminGate>
    );
  }
  return <NotFoundPage />;
}

export function App() {
  const locale = useStore(localeStore);
  const loc = useLocation();
  void locale; // re-render every page when the language changes

  // After a client-side navigation, move focus to the new page's heading so screen readers
  // announce it and keyboard users start at the top.
  const firstPath = useRef(true);
  useEffect(() => {
    if (firstPath.current) {
      firstPath.current = false;
      return;
    }
    const id = requestAnimationFrame(() => {
      const h1 = document.querySelector<HTMLElement>('main h1');
      if (h1 && document.activeElement === document.body) h1.focus({ preventScroll: true });
    });
    return () => cancelAnimationFrame(id);
  }, [loc.pathname]);

  return (
    <>
      <a class="skip-link" href="#main">
        {t('app.skip')}
      </a>
      <Header path={loc.pathname} />
      <main id="main" tabIndex={-1}>
        {route(loc.pathname)}
      </main>
      <footer class="site-footer">
        <p>{t('app.footer')}</p>
      </footer>
    </>
  );
}
