// Analysis of a submission: primary category, distribution badges, the sentences with their
// categories (admins can correct them inline) and an "Analysing…" state that refreshes itself.
import { useEffect, useState } from 'preact/hooks';
import { useRecategorise } from '../api/analysis';
import type { Category, Schemas, SubmissionView } from '../api/client';
import { fetchSubmission, replaceSubmission } from '../api/submissions';
import { fmtNumber, fmtPct, t } from '../i18n';
import { categoryName, distributionEntries, formatDistribution } from '../lib/analysis';
import { isAnalysed, isAnalysisPending, isSetByAdmin } from '../lib/vocab';
import { ErrorAlert } from './ui';

export type SentenceView = Schemas['SentenceView'];

/** Primary category and the distribution ("Objective 50% · Problem 50%"). */
export function CategorySummary({ sub, categories }: { sub: SubmissionView; categories: readonly Category[] }) {
  if (!isAnalysed(sub)) {
    return (
      <p class="analysing" role="status">
        <span class="spinner" aria-hidden="true" />
        {t('analysis.pending')}
      </p>
    );
  }
  const entries = distributionEntries(sub.category_distribution, categories);
  if (!sub.primary_category || entries.length === 0) return <p class="muted">{t('analysis.none')}</p>;
  return (
    <div class="category-summary">
      <p>
        <span class="visually-hidden">{t('analysis.primary')}: </span>
        <strong class="category-name">{categoryName(categories, sub.primary_category)}</strong>
      </p>
      {entries.length > 1 && (
        <p class="distribution" aria-label={t('analysis.distributionLabel', { text: formatDistribution(entries, fmtPct) })}>
          {entries.map((e) => (
            <span class="badge badge-category" key={e.key}>
              {e.name} {fmtPct(e.share)}
            </span>
          ))}
        </p>
      )}
    </div>
  );
}

/**
 * While any of `items` is still being analysed, fetch those again now and then and put the
 * fresh versions into every list that shows them.
 */
export function usePendingRefresh(items: readonly SubmissionView[] | undefined, delay = 1200): void {
  const pendingIds = (items ?? []).filter(isAnalysisPending).map((s) => s.id);
  const key = pendingIds.join(',');
  const [round, setRound] = useState(0);
  useEffect(() => {
    if (!key) return;
    let stopped = false;
    const timer = setTimeout(async () => {
      for (const id of pendingIds.slice(0, 25)) {
        try {
          const s = await fetchSubmission(id);
          if (stopped) return;
          if (!isAnalysisPending(s)) replaceSubmission(s);
        } catch {
          // Deleted meanwhile or a network blip: the next round or a reload sorts it out.
        }
      }
      if (!stopped) setRound((r) => r + 1);
    }, Math.min(10_000, delay * (1 + Math.floor(round / 5))));
    return () => {
      stopped = true;
      clearTimeout(timer);
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [key, round]);
}

/** The sentences of a submission in a collapsible list; admins may change each category. */
export function SentenceList(props: {
  sub: SubmissionView;
  categories: readonly Category[];
  admin?: boolean;
  onChanged?: (s: SubmissionView) => void;
}) {
  const { sub, categories, admin } = props;
  if (!isAnalysed(sub) || sub.sentences.length === 0) return null;
  return (
    <details class="sentences">
      <summary>{t('analysis.sentences', { count: sub.sentences.length, countText: fmtNumber(sub.sentences.length) })}</summary>
      <ol class="sentence-list">
        {sub.sentences.map((s, i) => (
          <SentenceItem key={s.id} sentence={s} n={i + 1} categories={categories} admin={!!admin} onChanged={props.onChanged} />
        ))}
      </ol>
      {admin && <WholeCategoryForm sub={sub} categories={categories} onChanged={props.onChanged} />}
    </details>
  );
}

function SentenceItem(props: {
  sentence: SentenceView;
  n: number;
  categories: readonly Category[];
  admin: boolean;
  onChanged: ((s: SubmissionView) => void) | undefined;
}) {
  const { sentence: s, categories } = props;
  const [value, setValue] = useState(s.category);
  const { run, busy, error } = useRecategorise({ onSuccess: (sub) => props.onChanged?.(sub) });
  useEffect(() => setValue(s.category), [s.category]);
  const id = `sent-${s.id}`;
  const save = (e: Event) => {
    e.preventDefault();
    void run({ sentence: s.id, submission: s.submission_id }, value);
  };
  return (
    <li class="sentence">
      <p dir="auto" class="sentence-text">
        {s.text}
      </p>
      <p class="sentence-meta">
        <span class="badge badge-category">{categoryName(categories, s.category)}</span>{' '}
        {isSetByAdmin(s) ? t('analysis.sourceAdmin') : t('analysis.confidence', { pct: fmtPct(s.confidence) })}
      </p>
      {props.admin && (
        <form class="inline-form" onSubmit={save} aria-label={t('analysis.sentenceForm', { n: props.n })}>
          <label for={id}>{t('analysis.sentenceCategory', { n: props.n })}</label>
          <select id={id} value={value} onChange={(e) => setValue(e.currentTarget.value)}>
            {categories.map((c) => (
              <option key={c.key} value={c.key}>
                {c.name}
              </option>
            ))}
          </select>
          <button type="submit" class="btn btn-secondary btn-small" disabled={busy}>
            {value === s.category ? t('analysis.confirm') : t('analysis.setCategory')}
          </button>
          <ErrorAlert error={error} />
        </form>
      )}
    </li>
  );
}

function WholeCategoryForm(props: { sub: SubmissionView; categories: readonly Category[]; onChanged: ((s: SubmissionView) => void) | undefined }) {
  const { sub, categories } = props;
  const [value, setValue] = useState(sub.primary_category ?? categories[0]?.key ?? '');
  const { run, busy, error } = useRecategorise({ onSuccess: (s) => props.onChanged?.(s) });
  const id = `whole-${sub.id}`;
  const save = (e: Event) => {
    e.preventDefault();
    void run({ whole: sub.id }, value);
  };
  return (
    <form class="inline-form whole-category" onSubmit={save}>
      <label for={id}>{t('analysis.wholeCategory')}</label>
      <select id={id} value={value} onChange={(e) => setValue(e.currentTarget.value)}>
        {categories.map((c) => (
          <option key={c.key} value={c.key}>
            {c.name}
          </option>
        ))}
      </select>
      <button type="submit" class="btn btn-secondary btn-small" disabled={busy}>
        {t('analysis.setAll')}
      </button>
      <ErrorAlert error={error} />
    </form>
  );
}
