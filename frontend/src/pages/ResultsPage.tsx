// The read-only results page a results link opens, `/r/<slug>#<token>`.
import { useEffect, useMemo, useState } from 'preact/hooks';
import type { Schemas } from '../api/client';
import { useSharedResults } from '../api/sharing';
import { AnalyticsView } from '../components/AnalyticsView';
import { PublicSubmissionItem, PublicSubmissionList } from '../components/participant/PublicSubmissions';
import { ErrorAlert, Loading, Notice, PageTitle } from '../components/ui';
import { fmtDateTime, localeStore, t } from '../i18n';
import { parseHashToken } from '../lib/hashToken';
import { ApiError } from '../lib/problem';
import { useStore } from '../lib/store';
import { useTitle } from '../lib/title';
import { localizeProcess } from '../lib/translations';

type Interval = Schemas['Interval'];

/**
 * The read-only results page of a results link, `/r/<slug>#<token>`: no sign-in. The token is
 * read from the address's fragment (never sent in a URL, never stored) and sent as a header.
 */
export function ResultsPage({ slug }: { slug: string }) {
  const [token, setToken] = useState(() => parseHashToken(typeof location !== 'undefined' ? location.hash : ''));
  useEffect(() => {
    const onHash = () => setToken(parseHashToken(location.hash));
    window.addEventListener('hashchange', onHash);
    return () => window.removeEventListener('hashchange', onHash);
  }, []);
  const [interval, setInterval] = useState<Interval>('day');
  const [offset, setOffset] = useState(0);
  const res = useSharedResults(token, { interval, limit: 20, offset });
  // The process's texts in the reader's language, as on the process page.
  const locale = useStore(localeStore);
  const data = useMemo(() => res.data && { ...res.data, process: localizeProcess(res.data.process, locale) }, [res.data, locale]);
  useTitle(data ? `${t('results.title')} · ${data.process.title}` : t('results.title'));
  const invalid = !token || (res.error instanceof ApiError && res.error.status === 401);

  if (invalid) {
    return (
      <section class="page narrow stack">
        <PageTitle>{t('results.invalidTitle')}</PageTitle>
        <Notice kind="warning">{token ? t('results.invalid') : t('results.noToken')}</Notice>
        <p>
          <a href={`/p/${encodeURIComponent(slug)}`}>{t('results.toProcess')}</a>
        </p>
      </section>
    );
  }
  return (
    <section class="page stack">
      {res.loading && !data && <Loading />}
      {!data && <PageTitle>{t('results.title')}</PageTitle>}
      <ErrorAlert error={res.error} onRetry={res.reload} />
      {data && (
        <>
          <header class="process-head stack">
            <p class="muted">{t('results.kicker')}</p>
            <PageTitle dir="auto">{data.process.title}</PageTitle>
            <p class="prompt" dir="auto">
              {data.process.prompt}
            </p>
            <p class="hint">{t('results.validUntil', { date: fmtDateTime(data.expires_at) })}</p>
          </header>
          <AnalyticsView process={data.process} data={data.analytics} interval={interval} onInterval={setInterval} showStatus={false} />
          {data.most_supported && data.most_supported.length > 0 && (
            <section class="card stack" aria-labelledby="most-supported">
              <h2 id="most-supported">{t('results.mostSupported')}</h2>
              <p class="hint">{t('results.mostSupportedIntro')}</p>
              <ol class="plain-list public-list">
                {data.most_supported.map((s) => (
                  <li key={s.id}>
                    <PublicSubmissionItem s={s} categories={data.process.categories} contributorTypes={data.process.contributor_types} />
                  </li>
                ))}
              </ol>
            </section>
          )}
          {data.submissions && (
            <PublicSubmissionList
              page={data.submissions}
              categories={data.process.categories}
              contributorTypes={data.process.contributor_types}
              offset={offset}
              onPage={setOffset}
              title={t('results.submissionsTitle')}
            />
          )}
        </>
      )}
    </section>
  );
}
