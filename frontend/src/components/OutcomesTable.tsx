// "You said, we did" in figures: how many submissions got each answer, overall and per
// category (admin dashboard and the public results page).
import type { Schemas } from '../api/client';
import { fmtNumber, t } from '../i18n';
import { RESPONSE_STATUSES, responseKey } from '../lib/vocab';

type Analytics = Schemas['Analytics'];

export function OutcomesTable({ data, categoryName }: { data: Analytics; categoryName: (key: string) => string }) {
  const total = (status: string) => data.by_response.find((r) => r.key === status)?.count ?? 0;
  const categories = [
    ...data.by_category.map((r) => r.key).filter((k) => k in data.response_by_category),
    ...Object.keys(data.response_by_category).filter((k) => !data.by_category.some((r) => r.key === k)),
  ];
  return (
    <section class="card stack" aria-labelledby="d-outcomes">
      <h2 id="d-outcomes">{t('outcomes.title')}</h2>
      {/* Focusable, so keyboard users can scroll it sideways on a phone. */}
      <div class="table-wrap" tabIndex={0} role="region" aria-labelledby="d-outcomes">
        <table class="cross-table">
          <caption class="visually-hidden">{t('outcomes.caption')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('subs.colCategory')}</th>
              {RESPONSE_STATUSES.map((s) => (
                <th scope="col" key={s}>
                  {t(responseKey(s))}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {categories.map((c) => (
              <tr key={c}>
                <th scope="row">{categoryName(c)}</th>
                {RESPONSE_STATUSES.map((s) => (
                  <td class="num" key={s}>
                    {fmtNumber(data.response_by_category[c]?.[s] ?? 0)}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
          <tfoot>
            <tr>
              <th scope="row">{t('outcomes.total')}</th>
              {RESPONSE_STATUSES.map((s) => (
                <td class="num" key={s}>
                  {fmtNumber(total(s))}
                </td>
              ))}
            </tr>
          </tfoot>
        </table>
      </div>
    </section>
  );
}
