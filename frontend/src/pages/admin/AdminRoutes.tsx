// The admin pages, in their own chunk: participants on phones never download them (see
// AdminArea).
import { AdminTokensPage } from './AdminTokensPage';
import { AuditPage } from './AuditPage';
import { DashboardPage } from './DashboardPage';
import { DuplicatesPage } from './DuplicatesPage';
import { MapPage } from './MapPage';
import { ProcessFormPage } from './ProcessFormPage';
import { ProcessesPage } from './ProcessesPage';
import { ReviewPage } from './ReviewPage';
import { SharingPage } from './SharingPage';
import { SubmissionsPage } from './SubmissionsPage';
import { ThemesPage } from './ThemesPage';
import { TokensPage } from './TokensPage';
import { TrainingPage } from './TrainingPage';
import { match } from '../../lib/router';
import { NotFoundPage } from '../NotFoundPage';

export function AdminRoutes({ path }: { path: string }) {
  return adminRoute(path);
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
