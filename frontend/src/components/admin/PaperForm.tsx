// A paper submission entered by an admin on a participant's behalf, with its contributor type.
import { useState } from 'preact/hooks';
import type { ProcessView } from '../../api/client';
import { useCreateSubmission } from '../../api/submissions';
import { t } from '../../i18n';
import { draftFrom } from '../MapPicker';
import { type DraftErrors, serverDraftErrors, type SubmissionDraft, SubmissionFields, validateDraft } from '../SubmissionFields';
import { ErrorAlert, Field, focusOnMount, Notice } from '../ui';

export function PaperForm({ process, onSaved }: { process: ProcessView; onSaved: () => void }) {
  const [draft, setDraft] = useState<SubmissionDraft>({ text: '', location: draftFrom(null) });
  const [type, setType] = useState(process.contributor_types[0]?.key ?? '');
  const [errors, setErrors] = useState<DraftErrors>({});
  const { run, busy, error } = useCreateSubmission(process.slug, { onSuccess: onSaved, onError: (err) => setErrors(serverDraftErrors(err)) });
  const submit = async (e: Event) => {
    e.preventDefault();
    const v = validateDraft(draft);
    if (!v.ok) {
      setErrors(v.errors);
      return;
    }
    setErrors({});
    await run({ text: v.text, location: v.location, contributor_type: type });
  };
  return (
    <form class="card stack" onSubmit={submit} noValidate aria-labelledby="paper-title">
      <h2 id="paper-title" tabIndex={-1} ref={focusOnMount}>
        {t('subs.paperTitle')}
      </h2>
      <Notice>{t('subs.paperIntro')}</Notice>
      <ErrorAlert error={error} claimed={['text', 'location', 'contributor_type']} />
      <Field id="paper-type" label={t('subs.paperType')} error={error?.field('contributor_type')}>
        {(aria) => (
          <select {...aria} value={type} onChange={(e) => setType(e.currentTarget.value)}>
            {process.contributor_types.map((ct) => (
              <option key={ct.key} value={ct.key}>
                {ct.name}
              </option>
            ))}
          </select>
        )}
      </Field>
      <SubmissionFields id="paper" draft={draft} onChange={setDraft} errors={errors} map={process.map} label={t('subs.paperText')} />
      <div>
        <button type="submit" class="btn btn-primary" disabled={busy}>
          {t('subs.paperSave')}
        </button>
      </div>
    </form>
  );
}
