// One row per group (a category, a theme), one column per response status: how many of the
// group's submissions got each answer. The outcomes tables per category and per theme.
import type { ComponentChildren } from 'preact';
import { fmtNumber, t } from '../i18n';
import { RESPONSE_STATUSES, responseKey } from '../lib/vocab';

export type CountsRow = { key: string | number; label: ComponentChildren; counts: Partial<Record<string, number>> };

export function ResponseCountsTable(props: {
  id: string;
  title: string;
  hint?: string;
  caption: string;
  rowHeading: string;
  rows: CountsRow[];
  /** A totals row (`outcomes.total`), when each submission counts in one row only. */
  totals?: Partial<Record<string, number>>;
}) {
  const cells = (counts: Partial<Record<string, number>>) =>
    RESPONSE_STATUSES.map((s) => (
      <td class="num" key={s}>
        {fmtNumber(counts[s] ?? 0)}
      </td>
    ));
  return (
    <section class="card stack" aria-labelledby={props.id}>
      <h2 id={props.id}>{props.title}</h2>
      {props.hint && <p class="hint">{props.hint}</p>}
      {/* Focusable, so keyboard users can scroll it sideways on a phone. */}
      <div class="table-wrap" tabIndex={0} role="region" aria-labelledby={props.id}>
        <table class="cross-table">
          <caption class="visually-hidden">{props.caption}</caption>
          <thead>
            <tr>
              <th scope="col">{props.rowHeading}</th>
              {RESPONSE_STATUSES.map((s) => (
                <th scope="col" key={s}>
                  {t(responseKey(s))}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {props.rows.map((row) => (
              <tr key={row.key}>
                <th scope="row">{row.label}</th>
                {cells(row.counts)}
              </tr>
            ))}
          </tbody>
          {props.totals && (
            <tfoot>
              <tr>
                <th scope="row">{t('outcomes.total')}</th>
                {cells(props.totals)}
              </tr>
            </tfoot>
          )}
        </table>
      </div>
    </section>
  );
}
