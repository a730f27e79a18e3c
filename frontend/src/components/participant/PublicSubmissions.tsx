// Others' visible submissions in a public process (never who wrote them), also used by the
// results page of a results link and by "someone already said something close".
import { useState } from 'preact/hooks';
import type { Category, ContributorType, ProcessView, Schemas } from '../../api/client';
import { usePublicSubmissions } from '../../api/submissions';
import { fmtDateTime, fmtNumber, t } from '../../i18n';
import { categoryName } from '../../lib/analysis';
import { QueryView } from '../QueryView';
import { Empty, Pager } from '../ui';
import { ReportButton } from './ReportButton';
import { SupportButton, SupportCount } from './SupportButton';

type PublicPage = Schemas['Page_PublicSubmission'];
export type PublicSubmission = PublicPage['items'][number];

const PAGE = 10;

/** Others' visible submissions, newest first; never who wrote them. */
export function PublicSubmissions({ process }: { process: ProcessView }) {
  const [offset, setOffset] = useState(0);
  const list = usePublicSubmissions(process.slug, PAGE, offset);
  return (
    <QueryView query={list}>
      {(page) => (
        <PublicSubmissionList
          page={page}
          categories={process.categories}
          contributorTypes={process.contributor_types}
          offset={offset}
          onPage={setOffset}
          title={t('public.title')}
          intro={t('public.intro')}
          reportable
          supportIn={process.submissions_open ? process.slug : undefined}
        />
      )}
    </QueryView>
  );
}

/**
 * One visible submission; with `supportIn` (the process's slug, for its participants while it
 * is open) the Support toggle, else its count when it has supports.
 */
export function PublicSubmissionItem({
  s,
  categories,
  contributorTypes,
  reportable,
  supportIn,
}: {
  s: PublicSubmission;
  categories: readonly Category[];
  contributorTypes: readonly ContributorType[];
  /** Signed-in participants may report it to the moderators. */
  reportable?: boolean;
  supportIn?: string;
}) {
  const type = contributorTypes.find((c) => c.key === s.contributor_type)?.name ?? s.contributor_type;
  return (
    <>
      <p class="submission-text" dir="auto">
        {s.text}
      </p>
      <p class="muted">
        {s.primary_category && (
          <>
            <span class="badge badge-category">{categoryName(categories, s.primary_category)}</span>{' '}
          </>
        )}
        {type} · {fmtDateTime(s.created_at)}
        {!supportIn && s.supports > 0 && (
          <>
            {' · '}
            <SupportCount count={s.supports} />
          </>
        )}
      </p>
      {reportable && !s.mine && <ReportButton id={s.id} />}
      {supportIn && <SupportButton s={s} slug={supportIn} />}
    </>
  );
}

export function PublicSubmissionList(props: {
  page: PublicPage;
  categories: readonly Category[];
  contributorTypes: readonly ContributorType[];
  offset: number;
  onPage: (o: number) => void;
  title: string;
  intro?: string;
  reportable?: boolean;
  /** The process's slug when its participants may support submissions here. */
  supportIn?: string;
}) {
  const { page } = props;
  return (
    <section class="card stack" aria-labelledby="public-title">
      <h2 id="public-title">{props.title}</h2>
      {props.intro && <p class="hint">{props.intro}</p>}
      <p class="muted">{t('public.count', { count: page.total, countText: fmtNumber(page.total) })}</p>
      {page.items.length === 0 ? (
        <Empty>{t('public.empty')}</Empty>
      ) : (
        <ul class="plain-list public-list">
          {page.items.map((s) => (
            <li key={s.id}>
              <PublicSubmissionItem
                s={s}
                categories={props.categories}
                contributorTypes={props.contributorTypes}
                reportable={props.reportable}
                supportIn={props.supportIn}
              />
            </li>
          ))}
        </ul>
      )}
      <Pager total={page.total} limit={page.limit || PAGE} offset={props.offset} onPage={props.onPage} />
    </section>
  );
}
