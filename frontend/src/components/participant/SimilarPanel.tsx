// "Someone already said something close": the closest visible submissions to the text being
// written, in public processes.
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import type { ProcessView } from '../../api/client';
import { findSimilar } from '../../api/submissions';
import { fmtPct, t } from '../../i18n';
import { debounce } from '../../lib/debounce';
import { ApiError } from '../../lib/problem';
import { PublicSubmissionItem, type PublicSubmission } from './PublicSubmissions';

export const SIMILAR_MIN_CHARS = 20;
export const SIMILAR_DELAY_MS = 700;
const PAUSE_AFTER_LIMIT_MS = 60_000;

interface Match {
  submission: PublicSubmission;
  similarity: number;
}

/**
 * "Someone already said something close": while the participant types (after a pause, from
 * 20 characters), the closest visible submissions. Only in public processes; a rate limit or
 * any error just stops asking for a while, without bothering the writer.
 */
export function SimilarPanel({ process, text, excludeId }: { process: ProcessView; text: string; excludeId?: number }) {
  const [items, setItems] = useState<Match[]>([]);
  const seq = useRef(0);
  const pausedUntil = useRef(0);
  const slug = process.slug;

  const ask = useMemo(
    () =>
      debounce(async (value: string) => {
        if (Date.now() < pausedUntil.current) return;
        const mine = ++seq.current;
        try {
          const res = await findSimilar(slug, value, excludeId ?? null);
          if (mine === seq.current) setItems(res.items);
        } catch (e) {
          if (mine !== seq.current) return;
          const err = e instanceof ApiError ? e : null;
          if (err?.status === 429 || err?.status === 503) {
            pausedUntil.current = Date.now() + Math.max(PAUSE_AFTER_LIMIT_MS, (err.retryAfter ?? 0) * 1000);
          } else if (err?.status === 403) {
            pausedUntil.current = Number.POSITIVE_INFINITY; // not public after all
          }
          setItems([]);
        }
      }, SIMILAR_DELAY_MS),
    [slug, excludeId],
  );

  useEffect(() => () => ask.cancel(), [ask]);
  useEffect(() => {
    if (!process.public_submissions) return;
    const value = text.trim();
    if (value.length < SIMILAR_MIN_CHARS) {
      ask.cancel();
      seq.current++;
      setItems([]);
      return;
    }
    ask(value);
  }, [text, ask, process.public_submissions]);

  if (!process.public_submissions || items.length === 0) return null;
  return (
    <section class="card stack similar-panel" aria-labelledby="similar-title" aria-live="polite">
      <h3 id="similar-title">{t('similar.title')}</h3>
      <p class="hint">{t('similar.hint')}</p>
      {process.submissions_open && <p class="hint">{t('support.hint')}</p>}
      <ul class="plain-list public-list">
        {items.map((m) => (
          <li key={m.submission.id}>
            <PublicSubmissionItem
              s={m.submission}
              categories={process.categories}
              contributorTypes={process.contributor_types}
              reportable
              supportIn={process.submissions_open ? process.slug : undefined}
            />
            <p class="muted">{t('similar.closeness', { pct: fmtPct(m.similarity) })}</p>
          </li>
        ))}
      </ul>
    </section>
  );
}
