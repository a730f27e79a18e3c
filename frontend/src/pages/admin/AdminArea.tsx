// The admin area, loaded as its own chunk on first visit.
import { useEffect, useState } from 'preact/hooks';
import { t } from '../../i18n';

// Loaded on first use and kept: the admin pages (and through them the chart and map code)
// are a separate chunk from the participant app.
type Routes = typeof import('./AdminRoutes');
let loading: Promise<Routes> | null = null;
const load = () => (loading ??= import('./AdminRoutes'));

export function AdminArea({ path }: { path: string }) {
  const [routes, setRoutes] = useState<Routes | null>(null);
  const [failed, setFailed] = useState(false);
  useEffect(() => {
    let live = true;
    load().then(
      (m) => live && setRoutes(m),
      () => {
        loading = null; // a later visit tries again
        if (live) setFailed(true);
      },
    );
    return () => {
      live = false;
    };
  }, []);
  if (failed) return <p role="alert">{t('common.loadFailed')}</p>;
  if (!routes) return <p role="status">{t('common.loading')}</p>;
  return <routes.AdminRoutes path={path} />;
}
