// "You said, we did" in figures: how many submissions got each answer, overall and per
// category (admin dashboard and the public results page).
import type { Schemas } from '../api/client';
import { t } from '../i18n';
import { ResponseCountsTable } from './ResponseCountsTable';

type Analytics = Schemas['Analytics'];

export function OutcomesTable({ data, categoryName }: { data: Analytics; categoryName: (key: string) => string }) {
  const categories = [
    ...data.by_category.map((r) => r.key).filter((k) => k in data.response_by_category),
    ...Object.keys(data.response_by_category).filter((k) => !data.by_category.some((r) => r.key === k)),
  ];
  return (
    <ResponseCountsTable
      id="d-outcomes"
      title={t('outcomes.title')}
      caption={t('outcomes.caption')}
      rowHeading={t('subs.colCategory')}
      rows={categories.map((c) => ({ key: c, label: categoryName(c), counts: data.response_by_category[c] ?? {} }))}
      totals={Object.fromEntries(data.by_response.map((r) => [r.key, r.count]))}
    />
  );
}
