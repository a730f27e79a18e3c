// Writing a submission: text, optional place, similar ones while typing, and the confirmation.
import { useState } from 'preact/hooks';
import type { ProcessView, SubmissionView } from '../../api/client';
import { useCreateSubmission } from '../../api/submissions';
import { draftFrom } from '../MapPicker';
import { type DraftErrors, serverDraftErrors, type SubmissionDraft, SubmissionFields, validateDraft } from '../SubmissionFields';
import { ErrorAlert, focusOnMount, Notice } from '../ui';
import { fmtCoord, t } from '../../i18n';
import { SimilarPanel } from './SimilarPanel';

const empty = (): SubmissionDraft => ({ text: '', location: draftFrom(null) });

export function SubmitForm({ process }: { process: ProcessView }) {
  const [draft, setDraft] = useState<SubmissionDraft>(empty);
  const [errors, setErrors] = useState<DraftErrors>({});
  const [done, setDone] = useState<SubmissionView | null>(null);
  const { run, busy, error, reset } = useCreateSubmission(process.slug, {
    onSuccess: (created) => {
      setDraft(empty());
      setDone(created);
    },
    onError: (err) => setErrors(serverDraftErrors(err)),
  });
  const base = `/p/${encodeURIComponent(process.slug)}`;

  if (!process.submissions_open) {
    return (
      <p>
        {t('submit.closed')} <a href={`${base}/mine`}>{t('participant.tabMine')}</a>
      </p>
    );
  }

  if (done) {
    return (
      <section class="card stack confirmation" aria-labelledby="submit-done">
        <h2 id="submit-done" tabIndex={-1} ref={focusOnMount}>
          {t('submit.doneTitle')}
        </h2>
        <p>{t('submit.doneBody')}</p>
        <blockquote class="quote" dir="auto">{done.text}</blockquote>
        <p class="muted">
          {done.location
            ? t('submit.doneWithLocation', { lat: fmtCoord(done.location.lat), lng: fmtCoord(done.location.lng) })
            : t('submit.doneNoLocation')}
        </p>
        <div class="button-row">
          <button type="button" class="btn btn-primary" onClick={() => setDone(null)}>
            {t('submit.another')}
          </button>
          <a class="btn btn-secondary" href={`${base}/mine`}>
            {t('submit.seeMine')}
          </a>
        </div>
      </section>
    );
  }

  const submit = (e: Event) => {
    e.preventDefault();
    reset();
    const v = validateDraft(draft);
    if (!v.ok) {
      setErrors(v.errors);
      return;
    }
    setErrors({});
    void run({ text: v.text, location: v.location });
  };

  return (
    <form class="card stack" onSubmit={submit} noValidate aria-labelledby="submit-title">
      <h2 id="submit-title">{t('submit.title')}</h2>
      <ErrorAlert error={error} claimed={['text', 'location']} />
      {Object.values(errors).some(Boolean) && !error && <Notice kind="warning">{t('error.validation')}</Notice>}
      <SubmissionFields
        id="new"
        draft={draft}
        onChange={setDraft}
        errors={errors}
        map={process.map}
        label={t('submit.textLabel')}
        hint={t('submit.textHint')}
      />
      <SimilarPanel process={process} text={draft.text} />
      <div>
        <button type="submit" class="btn btn-primary" disabled={busy}>
          {busy ? t('submit.sending') : t('submit.send')}
        </button>
      </div>
    </form>
  );
}
