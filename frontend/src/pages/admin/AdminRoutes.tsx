// The admin pages, in their own chunk: participants on phones never download them (see
// AdminArea). Each page names the operation it is built on; a staff token whose role does not
// admit it sees NotAllowedPage instead (the server refuses the calls as well).
import type { JSX } from 'preact';
import { AdminTokensPage } from './AdminTokensPage';
import { AuditPage } from './AuditPage';
import { DashboardPage } from './DashboardPage';
import { DuplicatesPage } from './DuplicatesPage';
import { MapPage } from './MapPage';
import { NotAllowedPage } from './NotAllowedPage';
import { ProcessFormPage } from './ProcessFormPage';
import { ProcessesPage } from './ProcessesPage';
import { ReviewPage } from './ReviewPage';
import { SecurityPage } from './SecurityPage';
import { SharingPage } from './SharingPage';
import { SubmissionsPage } from './SubmissionsPage';
import { ThemesPage } from './ThemesPage';
import { TokensPage } from './TokensPage';
import { TrainingPage } from './TrainingPage';
import { match } from '../../lib/router';
import { currentSession, sessionStore } from '../../lib/session';
import { useStore } from '../../lib/store';
import { can, type OperationId } from '../../lib/vocab';
import { NotFoundPage } from '../NotFoundPage';

export function AdminRoutes({ path }: { path: string }) {
  const session = currentSession(useStore(sessionStore));
  // Where the owner requires a second factor, a staff member without one only enrols.
  if (session?.must_enrol) return <SecurityPage />;
  const [op, page] = adminRoute(path);
  return op && !can(session, op) ? <NotAllowedPage /> : page;
}

function adminRoute(path: string): [OperationId | null, JSX.Element] {
  let m: Record<string, string> | null;
  if (match('/admin', path) || match('/admin/processes', path)) return [null, <ProcessesPage />];
  if (match('/admin/processes/new', path)) return ['createProcess', <ProcessFormPage />];
  if (match('/admin/tokens', path)) return ['listAdminTokens', <AdminTokensPage />];
  if (match('/admin/audit', path)) return ['listAuditEntries', <AuditPage />];
  if (match('/admin/security', path)) return ['startTotpEnrolment', <SecurityPage />];
  if ((m = match('/admin/p/:slug', path))) return ['updateProcess', <ProcessFormPage slug={m.slug!} />];
  if ((m = match('/admin/p/:slug/tokens', path))) return ['listProcessTokens', <TokensPage slug={m.slug!} />];
  if ((m = match('/admin/p/:slug/submissions', path))) return ['listSubmissions', <SubmissionsPage slug={m.slug!} />];
  if ((m = match('/admin/p/:slug/dashboard', path))) return ['getAnalytics', <DashboardPage slug={m.slug!} />];
  if ((m = match('/admin/p/:slug/map', path))) return ['listSubmissions', <MapPage slug={m.slug!} />];
  if ((m = match('/admin/p/:slug/duplicates', path))) return ['findDuplicates', <DuplicatesPage slug={m.slug!} />];
  if ((m = match('/admin/p/:slug/themes', path))) return ['listThemes', <ThemesPage slug={m.slug!} />];
  if ((m = match('/admin/p/:slug/review', path))) return ['getReviewQueue', <ReviewPage slug={m.slug!} />];
  if ((m = match('/admin/p/:slug/training', path))) return ['listTrainingRuns', <TrainingPage slug={m.slug!} />];
  if ((m = match('/admin/p/:slug/sharing', path))) return ['listShareLinks', <SharingPage slug={m.slug!} />];
  return [null, <NotFoundPage />];
}
