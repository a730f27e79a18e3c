// Admin: the review queue — sentences the model is least sure about, to confirm or correct.
import { useState } from 'preact/hooks';
import { useCategoriseSentence, useReviewQueue } from '../../api/analysis';
import type { Category, Schemas } from '../../api/client';
import { useProcess } from '../../api/processes';
import { ProcessNav } from '../../components/admin/ProcessNav';
import { Empty, ErrorAlert, Loading, PageTitle } from '../../components/ui';
import { fmtNumber, fmtPct, t } from '../../i18n';
import { categoryName } from '../../lib/analysis';
import { useTitle } from '../../lib/title';

type Sentence = Schemas['SentenceView'];
const BATCH = 20;

/** Sentences the model is least sure about, least confident first: confirm or correct each. */
export function ReviewPage({ slug }: { slug: string }) {
  const proc = useProcess(slug);
  useTitle(proc.data ? `${t('review.title')} · ${proc.data.title}` : t('review.title'));
  const queue = useReviewQueue(slug, BATCH);
  const [reviewed, setReviewed] = useState(0);
  const [message, setMessage] = useState('');
  const p = proc.data;
  const q = queue.data;

  const done = (s: Sentence, category: string, confirmed: boolean) => {
    setReviewed((n) => n + 1);
    setMessage(
      confirmed
        ? t('review.confirmed', { category: categoryName(p?.categories ?? [], category) })
        : t('review.corrected', { category: categoryName(p?.categories ?? [], category) }),
    );
    if (!q) return;
    const items = q.items.filter((x) => x.id !== s.id);
    const total = Math.max(0, q.total - 1);
    if (items.length === 0 && total > 0) queue.reload();
    else queue.setData({ ...q, items, total });
  };

  const left = q?.total ?? 0;
  return (
    <section class="page stack">
      <ProcessNav slug={slug} title={p?.title} />
      <PageTitle>{t('review.title')}</PageTitle>
      <p class="lead">{t('review.intro')}</p>
      <ErrorAlert error={proc.error} onRetry={proc.reload} />
      <ErrorAlert error={queue.error} onRetry={queue.reload} />
      <p role="status" class="status-line">
        {message}
      </p>
      {q && (
        <div class="stack">
          <p>{t('review.progress', { reviewed: fmtNumber(reviewed), left: fmtNumber(left), leftCount: left })}</p>
          {reviewed + left > 0 && (
            <progress max={reviewed + left} value={reviewed} aria-label={t('review.progressLabel')}>
              {fmtPct(reviewed / (reviewed + left))}
            </progress>
          )}
        </div>
      )}
      {(queue.loading || proc.loading) && !q && <Loading />}
      {q && p && (q.items.length === 0 ? (
        <Empty>{reviewed > 0 ? t('review.allDone') : t('review.empty')}</Empty>
      ) : (
        <ol class="card-list">
          {q.items.map((s) => (
            <ReviewItem key={s.id} sentence={s} categories={p.categories} onDone={done} />
          ))}
        </ol>
      ))}
    </section>
  );
}

function ReviewItem({ sentence: s, categories, onDone }: { sentence: Sentence; categories: Category[]; onDone: (s: Sentence, c: string, confirmed: boolean) => void }) {
  const [choice, setChoice] = useState(categories.find((c) => c.key !== s.category)?.key ?? s.category);
  const { run, busy, error } = useCategoriseSentence({ onSuccess: (_, __, category) => onDone(s, category, category === s.category) });
  const current = categoryName(categories, s.category);
  const headingId = `rv-${s.id}`;
  const put = (category: string) => run(s.id, category);
  return (
    <li class="card stack review-item" aria-labelledby={headingId}>
      <p id={headingId} class="sentence-text" dir="auto">
        {s.text}
      </p>
      <p class="sentence-meta">
        {t('review.suggested', { category: current, pct: fmtPct(s.confidence) })} · {t('review.fromSubmission', { id: s.submission_id })}
      </p>
      <ErrorAlert error={error} />
      <div class="button-row">
        <button type="button" class="btn btn-primary btn-small" disabled={busy} onClick={() => put(s.category)} aria-describedby={headingId}>
          {t('review.confirm', { category: current })}
        </button>
        <form
          class="inline-form"
          onSubmit={(e) => {
            e.preventDefault();
            void put(choice);
          }}
        >
          <label for={`rv-sel-${s.id}`}>{t('review.correctTo')}</label>
          <select id={`rv-sel-${s.id}`} value={choice} onChange={(e) => setChoice(e.currentTarget.value)}>
            {categories.map((c) => (
              <option key={c.key} value={c.key}>
                {c.name}
              </option>
            ))}
          </select>
          <button type="submit" class="btn btn-secondary btn-small" disabled={busy} aria-describedby={headingId}>
            {t('review.correct')}
          </button>
        </form>
      </div>
    </li>
  );
}
