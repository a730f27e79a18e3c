// "You said, we did" per theme: how many of each theme's submissions got each answer (admin
// dashboard and the public results page), as the outcomes table does per category. No totals
// row: a submission with sentences in several themes counts in each.
import type { Schemas } from '../api/client';
import { t } from '../i18n';
import { ResponseCountsTable } from './ResponseCountsTable';

type Analytics = Schemas['Analytics'];

/** `staff`: say why there is no table when the themes predate their recorded submissions. */
export function ThemeOutcomesTable({ data, staff }: { data: Analytics; staff: boolean }) {
  if (!data.theme_members_known) {
    return staff && data.themes.length > 0 ? <p class="hint">{t('outcomes.byThemeUnknown')}</p> : null;
  }
  if (data.response_by_theme.length === 0) return null;
  return (
    <ResponseCountsTable
      id="d-outcomes-theme"
      title={t('outcomes.byThemeTitle')}
      hint={t('outcomes.byThemeHint')}
      caption={t('outcomes.byThemeCaption')}
      rowHeading={t('dashboard.theme')}
      rows={data.response_by_theme.map((theme) => ({
        key: theme.id,
        label: <span dir="auto">{theme.label}</span>,
        counts: theme.by_response,
      }))}
    />
  );
}
