// One submission in the admin table: text, analysis (sentences can be re-categorised), type,
// status, place, and the moderation form.
import { useState } from 'preact/hooks';
import type { ProcessView, SubmissionStatus, SubmissionView } from '../../api/client';
import { useUpdateSubmission } from '../../api/submissions';
import { fmtCoord, fmtDateTime, t } from '../../i18n';
import { isVisible, nextModerationStatus, SUBMISSION_STATUSES } from '../../lib/vocab';
import { CategorySummary, SentenceList } from '../Analysis';
import { ErrorAlert, Field, focusOnMount } from '../ui';

export function SubmissionRow({
  sub,
  process,
  onChanged,
  onCategorised,
}: {
  sub: SubmissionView;
  process: ProcessView;
  onChanged: (s: SubmissionView) => void;
  onCategorised: (s: SubmissionView) => void;
}) {
  const [open, setOpen] = useState(false);
  const typeName = process.contributor_types.find((c) => c.key === sub.contributor_type)?.name ?? sub.contributor_type;
  return (
    <>
      <tr class={`status-${sub.status}`}>
        <td class="text-cell">
          <p class="submission-text" dir="auto">{sub.text}</p>
          {sub.entered_by_admin && <span class="badge">{t('subs.paper')}</span>}
          {sub.moderation_reason && !isVisible(sub) && <p class="muted">{t('subs.reason', { reason: sub.moderation_reason })}</p>}
          <SentenceList sub={sub} categories={process.categories} admin onChanged={onCategorised} />
        </td>
        <td class="category-cell">
          <CategorySummary sub={sub} categories={process.categories} />
        </td>
        <td>{typeName}</td>
        <td>
          <span class={`badge badge-${sub.status}`}>{t(`status.${sub.status}`)}</span>
        </td>
        <td>{fmtDateTime(sub.created_at)}</td>
        <td>{sub.location ? `${fmtCoord(sub.location.lat)}, ${fmtCoord(sub.location.lng)}` : '—'}</td>
        <td>
          <button type="button" class="btn btn-secondary btn-small" aria-expanded={open} onClick={() => setOpen(!open)}>
            {t('subs.moderate', { id: sub.id })}
          </button>
        </td>
      </tr>
      {open && (
        <tr class="moderate-row">
          <td colSpan={7}>
            <ModerateForm
              sub={sub}
              onDone={(s) => {
                setOpen(false);
                onChanged(s);
              }}
              onCancel={() => setOpen(false)}
            />
          </td>
        </tr>
      )}
    </>
  );
}

function ModerateForm({ sub, onDone, onCancel }: { sub: SubmissionView; onDone: (s: SubmissionView) => void; onCancel: () => void }) {
  const [status, setStatus] = useState<SubmissionStatus>(nextModerationStatus(sub.status));
  const [reason, setReason] = useState('');
  const [reasonErr, setReasonErr] = useState<string | undefined>();
  const { run, busy, error } = useUpdateSubmission({ onSuccess: onDone });
  const id = `mod-${sub.id}`;
  const submit = (e: Event) => {
    e.preventDefault();
    if (!isVisible({ status }) && !reason.trim()) {
      setReasonErr(t('subs.reasonRequired'));
      return;
    }
    setReasonErr(undefined);
    void run(sub.id, { status, reason: reason.trim() || null });
  };
  return (
    <form class="stack moderate" onSubmit={submit} noValidate aria-label={t('subs.moderateTitle', { id: sub.id })}>
      <ErrorAlert error={error} claimed={['status', 'reason']} />
      <fieldset>
        <legend>{t('subs.newStatus')}</legend>
        {SUBMISSION_STATUSES.map((s) => (
          <label class="choice" key={s}>
            <input type="radio" name={`${id}-status`} value={s} checked={status === s} onChange={() => setStatus(s)} ref={s === status ? focusOnMount : undefined} />
            {t(`statusAction.${s}`)}
          </label>
        ))}
      </fieldset>
      <Field id={`${id}-reason`} label={t('subs.reasonLabel')} hint={t('subs.reasonHint')} error={reasonErr ?? error?.field('reason')}>
        {(aria) => <textarea {...aria} rows={2} value={reason} onInput={(e) => setReason(e.currentTarget.value)} />}
      </Field>
      <div class="button-row">
        <button type="submit" class="btn btn-primary" disabled={busy}>
          {t('subs.applyModeration')}
        </button>
        <button type="button" class="btn btn-secondary" onClick={onCancel}>
          {t('common.cancel')}
        </button>
      </div>
    </form>
  );
}
