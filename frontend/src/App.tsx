import { useEffect, useRef } from 'preact/hooks';
import { Header } from './components/Header';
import { localeStore, t } from './i18n';
import { match, useLocation } from './lib/router';
import { useStore } from './lib/store';
import { AdminGate } from './pages/admin/AdminGate';
import { AdminTokensPage } from './pages/admin/AdminTokensPage';
import { AuditPage } from './pages/admin/AuditPage';
import { DashboardPage } from './pages/admin/DashboardPage';
import { DuplicatesPage } from './pages/admin/DuplicatesPage';
import { MapPage } from './pages/admin/MapPage';
import { ProcessFormPage } from './pages/admin/ProcessFormPage';
import { ProcessesPage } from './pages/admin/ProcessesPage';
import { ReviewPage } from './pages/admin/ReviewPage';
import { SharingPage } from './pages/admin/SharingPage';
import { SubmissionsPage } from './pages/admin/SubmissionsPage';
import { ThemesPage } from './pages/admin/ThemesPage';
import { TokensPage } from './pages/admin/TokensPage';
import { TrainingPage } from './pages/admin/TrainingPage';
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
    return <AdminGate>{adminRoute(path)}</AdminGate>;
  }
  return <NotFoundPage />;
}

function adminRoute(path: string) {
  let m: Record<string, string> | null;
  if (match('/admin', path) || match('/admin/processes', path)) return <ProcessesPage />;
  if (match('/admin/processes/new', path)) return <ProcessFormPage />;
  if (match('/admin/tokens', path)) return <AdminTokensPage />;
  if (match('/admin/audit', path)) return <AuditPage />;
  if ((m = match('/admin/p/:slug', path))) return <ProcessFormPage slug={m.slug!} />;
  if ((m = match('/admin/p/:slug/tokens', path))) return <TokensPage slug={m.slug!} />;
  if ((m = match('/admin/p/:slug/submissions', path))) return <SubmissionsPage slug={m.slug!} />;
  if ((m = match('/admin/p/:slug/dashboard', path))) return <DashboardPage slug={m.slug!} />;
  if ((m = match('/admin/p/:slug/map', path))) return <MapPage slug={m.slug!} />;
  if ((m = match('/admin/p/:slug/duplicates', path))) return <DuplicatesPage slug={m.slug!} />;
  if ((m = match('/admin/p/:slug/themes', path))) return <ThemesPage slug={m.slug!} />;
  if ((m = match('/admin/p/:slug/review', path))) return <ReviewPage slug={m.slug!} />;
  if ((m = match('/admin/p/:slug/training', path))) return <TrainingPage slug={m.slug!} />;
  if ((m = match('/admin/p/:slug/sharing', path))) return <SharingPage slug={m.slug!} />;
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
