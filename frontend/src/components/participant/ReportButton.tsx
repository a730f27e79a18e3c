// "Report" under someone else's public submission: an optional reason, a confirmation, then
// "Reported". One report changes nothing others see; enough of them put it before a moderator.
import { useState } from 'preact/hooks';
import { useReportSubmission } from '../../api/submissions';
import { t } from '../../i18n';
import { ApiError } from '../../lib/problem';
import { ErrorAlert, Field, focusOnMount } from '../ui';

const REASON_MAX = 300;

export function ReportButton({ id }: { id: number }) {
  const [mode, setMode] = useState<'idle' | 'confirm' | 'done'>('idle');
  const [reason, setReason] = useState('');
  const report = useReportSubmission({ onSuccess: () => setMode('done') });
  const refused = report.error instanceof ApiError ? report.error.status : 0;

  if (mode === 'done') {
    return (
      <p class="muted report-done" role="status">
        {t('report.done')}
      </p>
    );
  }
  // One's own words (403) or words no longer listed (404) cannot be reported.
  if (refused === 403 || refused === 404) {
    return (
      <p class="muted" role="status">
        {refused === 403 ? t('report.own') : t('report.gone')}
      </p>
    );
  }
  if (mode === 'idle') {
    return (
      <button type="button" class="btn btn-secondary btn-small report-button" onClick={() => setMode('confirm')} aria-label={t('report.buttonLabel', { id })}>
        {t('report.button')}
      </button>
    );
  }
  const send = (e: Event) => {
    e.preventDefault();
    void report.run(id, reason.trim() || null);
  };
  return (
    <form class="stack report-form" onSubmit={send} noValidate aria-label={t('report.title')}>
      <p>{t('report.confirm')}</p>
      <ErrorAlert error={report.error} claimed={['reason']} />
      <Field id={`report-${id}-reason`} label={t('report.reasonLabel')} hint={t('report.reasonHint')} error={report.error?.field('reason')}>
        {(aria) => <input {...aria} type="text" maxLength={REASON_MAX} value={reason} onInput={(e) => setReason(e.currentTarget.value)} ref={focusOnMount} />}
      </Field>
      <div class="button-row">
        <button type="submit" class="btn btn-danger btn-small" disabled={report.busy}>
          {t('report.send')}
        </button>
        <button
          type="button"
          class="btn btn-secondary btn-small"
          onClick={() => {
            setMode('idle');
            report.reset();
          }}
        >
          {t('common.cancel')}
        </button>
      </div>
    </form>
  );
}
