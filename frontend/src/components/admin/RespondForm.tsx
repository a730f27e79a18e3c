// Answering submissions ("you said, we did"): one response status and an optional public
// reply, for one submission, a selection (ticked, or every one a filter matches) or a
// duplicate group.
import { useState } from 'preact/hooks';
import type { ResponseStatus } from '../../api/client';
import { type RespondRequest, type RespondResult, useRespond } from '../../api/responses';
import { t } from '../../i18n';
import { RESPONSE_STATUSES, responseKey } from '../../lib/vocab';
import { ErrorAlert, Field, focusOnMount } from '../ui';

export type RespondTarget = Pick<RespondRequest, 'submission_ids' | 'filter' | 'include_duplicates'>;

export function RespondForm(props: {
  slug: string;
  /** Distinguishes several forms on one page (ids of fields). */
  id: string;
  title: string;
  target: RespondTarget;
  /** The answer shown as the starting point (the submission's current one, for one submission). */
  initial?: { status: ResponseStatus; reply?: string | null };
  onDone: (r: RespondResult) => void;
  onCancel?: () => void;
  /** Asks before sending (a bulk answer to a filter): calls `send` once the admin agrees. */
  confirm?: (send: () => void) => void;
}) {
  const [status, setStatus] = useState<ResponseStatus>(props.initial?.status ?? 'under_consideration');
  const [reply, setReply] = useState(props.initial?.reply ?? '');
  const { run, busy, error } = useRespond(props.slug, { onSuccess: props.onDone });
  const submit = (e: Event) => {
    e.preventDefault();
    const send = () => void run({ ...props.target, status, reply: reply.trim() || null });
    if (props.confirm) props.confirm(send);
    else send();
  };
  return (
    <form class="stack respond" onSubmit={submit} noValidate aria-label={props.title}>
      <ErrorAlert error={error} claimed={['status', 'reply']} />
      <fieldset>
        <legend>{t('respond.statusLegend')}</legend>
        {RESPONSE_STATUSES.map((s) => (
          <label class="choice" key={s}>
            <input
              type="radio"
              name={`${props.id}-status`}
              value={s}
              checked={status === s}
              onChange={() => setStatus(s)}
              ref={s === status ? focusOnMount : undefined}
            />
            {t(responseKey(s))}
          </label>
        ))}
      </fieldset>
      <Field id={`${props.id}-reply`} label={t('respond.replyLabel')} hint={t('respond.replyHint')} error={error?.field('reply')}>
        {(aria) => <textarea {...aria} rows={3} maxLength={2000} value={reply} onInput={(e) => setReply(e.currentTarget.value)} />}
      </Field>
      <div class="button-row">
        <button type="submit" class="btn btn-primary" disabled={busy}>
          {t('respond.apply')}
        </button>
        {props.onCancel && (
          <button type="button" class="btn btn-secondary" onClick={props.onCancel}>
            {t('common.cancel')}
          </button>
        )}
      </div>
    </form>
  );
}
