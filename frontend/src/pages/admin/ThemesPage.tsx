// Admin: themes across all sentences of a process — compute them (a background job), read
// them, name them and answer each as a whole.
import { useState } from 'preact/hooks';
import { type JobView, useJob } from '../../api/jobs';
import { useProcess } from '../../api/processes';
import { useComputeThemes, useThemes } from '../../api/themes';
import { ProcessNav } from '../../components/admin/ProcessNav';
import { ThemeCard } from '../../components/admin/ThemeCard';
import { JobProgress } from '../../components/JobProgress';
import { QueryView } from '../../components/QueryView';
import { Empty, ErrorAlert, Field, PageTitle } from '../../components/ui';
import { fmtDateTime, fmtNumber, t } from '../../i18n';
import { parseThemeCount, sortThemes, THEMES_MAX, THEMES_MIN, themeSentenceTotal } from '../../lib/insights';
import { currentSession, sessionStore } from '../../lib/session';
import { useStore } from '../../lib/store';
import { useTitle } from '../../lib/title';
import { can, isJobRunning } from '../../lib/vocab';

export function ThemesPage({ slug }: { slug: string }) {
  const proc = useProcess(slug);
  useTitle(proc.data ? `${t('themes.title')} · ${proc.data.title}` : t('themes.title'));
  const list = useThemes(slug);
  const p = proc.data;
  const computed = !!list.data?.generated_at;
  const canAnswer = can(currentSession(useStore(sessionStore)), 'respondToTheme');

  return (
    <section class="page stack-lg">
      <div class="stack">
        <ProcessNav slug={slug} title={p?.title} />
        <PageTitle>{t('themes.title')}</PageTitle>
        <p class="lead">{t('themes.intro')}</p>
        <ErrorAlert error={proc.error} onRetry={proc.reload} />
      </div>
      <ComputeSection slug={slug} computed={computed} onDone={list.reload} />
      <section class="stack" aria-labelledby="th-list">
        <h2 id="th-list">{t('themes.listTitle')}</h2>
        <QueryView query={list}>
          {(data) => {
            const themes = sortThemes(data.themes);
            return (
              <>
                {computed && (
                  <p class="themes-meta">
                    {t('themes.generated', { when: fmtDateTime(data.generated_at) })}
                    {data.seed != null && <> · {t('themes.seed', { seed: fmtNumber(data.seed) })}</>} ·{' '}
                    {t('themes.coverage', {
                      count: themes.length,
                      countText: fmtNumber(themes.length),
                      sentences: themeSentenceTotal(themes),
                      sentencesText: fmtNumber(themeSentenceTotal(themes)),
                    })}
                  </p>
                )}
                {p &&
                  (!computed ? (
                    <Empty>{t('themes.empty')}</Empty>
                  ) : themes.length === 0 ? (
                    <Empty>{t('themes.none')}</Empty>
                  ) : (
                    <ol class="card-list">
                      {themes.map((th) => (
                        <ThemeCard key={th.id} slug={slug} theme={th} categories={p.categories} canAnswer={canAnswer} />
                      ))}
                    </ol>
                  ))}
              </>
            );
          }}
        </QueryView>
      </section>
    </section>
  );
}

function ComputeSection({ slug, computed, onDone }: { slug: string; computed: boolean; onDone: () => void }) {
  const [count, setCount] = useState('');
  const [countError, setCountError] = useState<string | undefined>(undefined);
  const [started, setStarted] = useState<JobView | null>(null);
  const compute = useComputeThemes(slug, { onSuccess: setStarted });
  const { job, error: pollError } = useJob(started, onDone);
  const error = compute.error;

  const start = (e: Event) => {
    e.preventDefault();
    const k = parseThemeCount(count);
    if (k === null) {
      setCountError(t('themes.countInvalid', { min: fmtNumber(THEMES_MIN), max: fmtNumber(THEMES_MAX) }));
      return;
    }
    setCountError(undefined);
    void compute.run(k);
  };

  return (
    <section class="card stack" aria-labelledby="th-compute">
      <h2 id="th-compute">{computed ? t('themes.recomputeTitle') : t('themes.computeTitle')}</h2>
      <p class="hint">{t('themes.computeHint')}</p>
      <ErrorAlert error={error ?? pollError} claimed={['k']} />
      <form class="stack" onSubmit={start} noValidate>
        <Field
          id="th-count"
          label={t('themes.count', { min: fmtNumber(THEMES_MIN), max: fmtNumber(THEMES_MAX) })}
          hint={t('themes.countHint')}
          error={countError ?? error?.field('k')}
          class="narrow-field"
        >
          {(aria) => (
            <input {...aria} type="number" inputMode="numeric" min={THEMES_MIN} max={THEMES_MAX} step={1} value={count} onInput={(e) => setCount(e.currentTarget.value)} />
          )}
        </Field>
        <div>
          <button type="submit" class="btn btn-primary" disabled={compute.busy || isJobRunning(job)}>
            {computed ? t('themes.recompute') : t('themes.compute')}
          </button>
        </div>
      </form>
      {job && <JobProgress job={job} label={t('themes.job')} />}
    </section>
  );
}
