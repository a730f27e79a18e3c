// The moderation form: a new status and the reason (required to hide or flag), for one
// submission (its row) or for every selected one.
import { useState } from 'preact/hooks';
import type { SubmissionStatus } from '../../api/client';
import type { ApiError } from '../../lib/problem';
import { t } from '../../i18n';
import { isVisible, SUBMISSION_STATUSES } from '../../lib/vocab';
import { ErrorAlert, Field, focusOnMount } from '../ui';

export function ModerateForm(props: {
  /** Distinguishes several forms on one page (ids of fields). */
  id: string;
  title: string;
  initial: SubmissionStatus;
  busy: boolean;
  error: ApiError | null;
  onSubmit: (status: SubmissionStatus, reason: string | null) => void;
  onCancel: () => void;
}) {
  const [status, setStatus] = useState<SubmissionStatus>(props.initial);
  const [reason, setReason] = useState('');
  const [reasonErr, setReasonErr] = useState<string | undefined>();
  const submit = (e: Event) => {
    e.preventDefault();
    if (!isVisible({ status }) && !reason.trim()) {
      setReasonErr(t('subs.reasonRequired'));
      return;
    }
    setReasonErr(undefined);
    props.onSubmit(status, reason.trim() || null);
  };
  return (
    <form class="stack moderate" onSubmit={submit} noValidate aria-label={props.title}>
      <ErrorAlert error={props.error} claimed={['status', 'reason']} />
      <fieldset>
        <legend>{t('subs.newStatus')}</legend>
        {SUBMISSION_STATUSES.map((s) => (
          <label class="choice" key={s}>
            <input type="radio" name={`${props.id}-status`} value={s} checked={status === s} onChange={() => setStatus(s)} ref={s === status ? focusOnMount : undefined} />
            {t(`statusAction.${s}`)}
          </label>
        ))}
      </fieldset>
      <Field id={`${props.id}-reason`} label={t('subs.reasonLabel')} hint={t('subs.reasonHint')} error={reasonErr ?? props.error?.field('reason')}>
        {(aria) => <textarea {...aria} rows={2} maxLength={500} value={reason} onInput={(e) => setReason(e.currentTarget.value)} />}
      </Field>
      <div class="button-row">
        <button type="submit" class="btn btn-primary" disabled={props.busy}>
          {t('subs.applyModeration')}
        </button>
        <button type="button" class="btn btn-secondary" onClick={props.onCancel}>
          {t('common.cancel')}
        </button>
      </div>
    </form>
  );
}
