import { useState } from 'preact/hooks';
import { api, call, type Category, type ContributorType, type ProcessView, type Schemas } from '../../api/client';
import { Empty, ErrorAlert, Loading, Pager } from '../ui';
import { fmtDateTime, fmtNumber, t } from '../../i18n';
import { categoryName } from '../../lib/analysis';
import { useAsync } from '../../lib/useAsync';

type PublicPage = Schemas['Page_PublicSubmission'];
export type PublicSubmission = PublicPage['items'][number];

const PAGE = 10;

/** Others' visible submissions, newest first; never who wrote them. */
export function PublicSubmissions({ process }: { process: ProcessView }) {
  const [offset, setOffset] = useState(0);
  const list = useAsync(
    () => call(api.GET('/api/v1/processes/{slug}/public-submissions', { params: { path: { slug: process.slug }, query: { limit: PAGE, offset } } })),
    [process.slug, offset],
  );
  return (
    <>
      {list.loading && !list.data && <Loading />}
      <ErrorAlert error={list.error} onRetry={list.reload} />
      {list.data && (
        <PublicSubmissionList
          page={list.data}
          categories={process.categories}
          contributorTypes={process.contributor_types}
          offset={offset}
          onPage={setOffset}
          title={t('public.title')}
          intro={t('public.intro')}
        />
      )}
    </>
  );
}

export function PublicSubmissionItem({ s, categories, contributorTypes }: { s: PublicSubmission; categories: readonly Category[]; contributorTypes: readonly ContributorType[] }) {
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
      </p>
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
              <PublicSubmissionItem s={s} categories={props.categories} contributorTypes={props.contributorTypes} />
            </li>
          ))}
        </ul>
      )}
      <Pager total={page.total} limit={page.limit || PAGE} offset={props.offset} onPage={props.onPage} />
    </section>
  );
}
