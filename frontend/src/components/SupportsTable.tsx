// Support instead of repeat, in figures: how many supports the submissions of each category
// and of each contributor type gathered (admin dashboard and the public results page).
import type { Schemas } from '../api/client';
import { fmtNumber, t } from '../i18n';

type Analytics = Schemas['Analytics'];

export function SupportsTable({
  data,
  categoryName,
  typeName,
}: {
  data: Analytics;
  categoryName: (key: string) => string;
  typeName: (key: string) => string;
}) {
  if (data.supports === 0) return null;
  const rows = (items: Schemas['KeyCount'][], name: (key: string) => string) =>
    items.map((r) => (
      <tr key={r.key}>
        <th scope="row">{name(r.key)}</th>
        <td class="num">{fmtNumber(r.count)}</td>
      </tr>
    ));
  return (
    <section class="card stack" aria-labelledby="d-supports">
      <h2 id="d-supports">{t('supports.title')}</h2>
      <p class="hint">{t('supports.intro')}</p>
      <table>
        <caption class="visually-hidden">{t('supports.byCategoryCaption')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('subs.colCategory')}</th>
            <th scope="col">{t('subs.colSupports')}</th>
          </tr>
        </thead>
        <tbody>{rows(data.supports_by_category, categoryName)}</tbody>
      </table>
      <table>
        <caption class="visually-hidden">{t('supports.byTypeCaption')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('subs.colType')}</th>
            <th scope="col">{t('subs.colSupports')}</th>
          </tr>
        </thead>
        <tbody>{rows(data.supports_by_contributor_type, typeName)}</tbody>
      </table>
    </section>
  );
}
