// "Me too" instead of writing the same again: a participant supports someone else's visible
// submission, or withdraws the support by pressing again.
import { useEffect, useState } from 'preact/hooks';
import type { Schemas } from '../../api/client';
import { useSupport } from '../../api/submissions';
import { fmtNumber, t } from '../../i18n';
import { ErrorAlert } from '../ui';

type PublicSubmission = Schemas['PublicSubmission'];

/** How many support a submission, as the lists show it. */
export function SupportCount({ count, id }: { count: number; id?: string }) {
  return (
    <span class="support-count" id={id}>
      {t('support.count', { count, countText: fmtNumber(count) })}
    </span>
  );
}

/**
 * A toggle (aria-pressed) with the count beside it. The count follows what the server answered;
 * one's own submissions show the count only.
 */
export function SupportButton({ s, slug }: { s: PublicSubmission; slug: string }) {
  const [state, setState] = useState({ supports: s.supports, supported: s.supported });
  useEffect(() => setState({ supports: s.supports, supported: s.supported }), [s.supports, s.supported]);
  const support = useSupport(slug, { onSuccess: (r) => setState({ supports: r.supports, supported: r.supported }) });
  const countId = `support-count-${s.id}`;
  if (s.mine) {
    return (
      <p class="support-row muted">
        {t('support.yours')} · <SupportCount count={state.supports} />
      </p>
    );
  }
  return (
    <div class="support-row">
      <button
        type="button"
        class={`btn btn-small ${state.supported ? 'btn-primary' : 'btn-secondary'}`}
        aria-pressed={state.supported}
        aria-describedby={countId}
        disabled={support.busy}
        onClick={() => void support.run(s.id, !state.supported)}
      >
        {t('support.button')}
      </button>{' '}
      <span aria-live="polite">
        <SupportCount count={state.supports} id={countId} />
      </span>
      <ErrorAlert error={support.error} />
    </div>
  );
}
