// "You said, we did" per theme: how many of each theme's submissions got each answer (admin
// dashboard and the public results page), as the outcomes table does per category.
import type { Schemas } from '../api/client';
import { fmtNumber, t } from '../i18n';
import { RESPONSE_STATUSES, responseKey } from '../lib/vocab';

type Analytics = Schemas['Analytics'];

/** `staff`: say why there is no table when the themes predate their recorded submissions. */
export function ThemeOutcomesTable({ data, staff }: { data: Analytics; staff: boolean }) {
  if (!data.theme_members_known) {
    return staff && data.themes.length > 0 ? <p class="hint">{t('outcomes.byThemeUnknown')}</p> : null;
  }
  if (data.response_by_theme.length === 0) return null;
  return (
    <section class="card stack" aria-labelledby="d-outcomes-theme">
      <h2 id="d-outcomes-theme">{t('outcomes.byThemeTitle')}</h2>
      <p class="hint">{t('outcomes.byThemeHint')}</p>
      {/* Focusable, so keyboard users can scroll it sideways on a phone. */}
      <div class="table-wrap" tabIndex={0} role="region" aria-labelledby="d-outcomes-theme">
        <table class="cross-table">
          <caption class="visually-hidden">{t('outcomes.byThemeCaption')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('dashboard.theme')}</th>
              {RESPONSE_STATUSES.map((s) => (
                <th scope="col" key={s}>
                  {t(responseKey(s))}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {data.response_by_theme.map((theme) => (
              <tr key={theme.id}>
                <th scope="row" dir="auto">
                  {theme.label}
                </th>
                {RESPONSE_STATUSES.map((s) => (
                  <td class="num" key={s}>
                    {fmtNumber(theme.by_response[s] ?? 0)}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
