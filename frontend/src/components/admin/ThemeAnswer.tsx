// Answering a whole theme ("you said, we did"): one response status and an optional public
// reply for every submission with a sentence in the theme, confirmed with how many it answers.
import { useRef, useState } from 'preact/hooks';
import type { ResponseStatus, Schemas } from '../../api/client';
import { useAnswerTheme } from '../../api/themes';
import { t } from '../../i18n';
import { RESPONSE_STATUSES, responseKey } from '../../lib/vocab';
import { ErrorAlert, Field, focusOnMount } from '../ui';

type Theme = Schemas['ThemeView'];

export function ThemeAnswer({ slug, theme, headingId }: { slug: string; theme: Theme; headingId: string }) {
  const [open, setOpen] = useState(false);
  const [message, setMessage] = useState('');
  const button = useRef<HTMLButtonElement>(null);
  const close = (note: string) => {
    setMessage(note);
    setOpen(false);
    requestAnimationFrame(() => button.current?.focus());
  };
  if (!theme.members_known) return <p class="hint">{t('themes.answerUnknown')}</p>;
  if (theme.submissions === 0) return <p class="hint">{t('themes.answerEmpty')}</p>;
  return (
    <div class="stack">
      <p role="status" class="status-line">
        {message}
      </p>
      {open ? (
        <AnswerForm slug={slug} theme={theme} onDone={(count) => close(t('respond.done', { count }))} onCancel={() => close('')} />
      ) : (
        <div class="button-row">
          <button
            type="button"
            class="btn btn-secondary btn-small"
            ref={button}
            aria-describedby={headingId}
            onClick={() => {
              setMessage('');
              setOpen(true);
            }}
          >
            {t('themes.answer')}
          </button>
        </div>
      )}
    </div>
  );
}

/** Status, reply and duplicates first; then a second step that names how many it answers. */
function AnswerForm({ slug, theme, onDone, onCancel }: { slug: string; theme: Theme; onDone: (count: number) => void; onCancel: () => void }) {
  const [status, setStatus] = useState<ResponseStatus>('under_consideration');
  const [reply, setReply] = useState('');
  const [withDuplicates, setWithDuplicates] = useState(false);
  const [confirming, setConfirming] = useState(false);
  const answer = useAnswerTheme(slug, { onSuccess: (r) => onDone(r.submission_ids.length) });
  const { busy, error } = answer;
  const id = `theme-${theme.id}-answer`;
  const extra = theme.submissions_with_duplicates - theme.submissions;
  const count = withDuplicates ? theme.submissions_with_duplicates : theme.submissions;
  const title = t('themes.answerTitle', { label: theme.label });

  const submit = (e: Event) => {
    e.preventDefault();
    if (!confirming) {
      answer.reset();
      setConfirming(true);
      return;
    }
    void answer.run(theme.id, { status, reply: reply.trim() || null, include_duplicates: withDuplicates });
  };

  return (
    <form
      class="stack respond"
      onSubmit={submit}
      onKeyDown={(e) => {
        if (e.key === 'Escape') {
          e.preventDefault();
          onCancel();
        }
      }}
      noValidate
      aria-labelledby={`${id}-title`}
    >
      <h4 class="theme-subhead" id={`${id}-title`}>
        {title}
      </h4>
      <ErrorAlert error={error} claimed={['status', 'reply']} />
      <p class="hint">{t('themes.answerHint', { count: theme.submissions })}</p>
      <Field id={`${id}-status`} label={t('respond.statusLegend')}>
        {(aria) => (
          <select {...aria} value={status} disabled={confirming} ref={focusOnMount} onChange={(e) => setStatus(e.currentTarget.value as ResponseStatus)}>
            {RESPONSE_STATUSES.map((s) => (
              <option key={s} value={s}>
                {t(responseKey(s))}
              </option>
            ))}
          </select>
        )}
      </Field>
      <Field id={`${id}-reply`} label={t('respond.replyLabel')} hint={t('respond.replyHint')} error={error?.field('reply')}>
        {(aria) => <textarea {...aria} rows={3} maxLength={2000} value={reply} readOnly={confirming} onInput={(e) => setReply(e.currentTarget.value)} />}
      </Field>
      {extra > 0 && (
        <label class="choice">
          <input type="checkbox" checked={withDuplicates} disabled={confirming} onChange={(e) => setWithDuplicates(e.currentTarget.checked)} />
          {t('themes.answerDuplicates', { count: extra })}
        </label>
      )}
      {confirming ? (
        <div class="stack" role="group" aria-labelledby={`${id}-confirm`}>
          <p id={`${id}-confirm`}>
            <strong>{t('themes.answerConfirm', { count, status: t(responseKey(status)) })}</strong>
          </p>
          <div class="button-row">
            <button type="submit" class="btn btn-primary" disabled={busy} ref={focusOnMount}>
              {t('themes.answerConfirmButton', { count })}
            </button>
            <button type="button" class="btn btn-secondary" disabled={busy} onClick={() => setConfirming(false)}>
              {t('themes.answerBack')}
            </button>
          </div>
        </div>
      ) : (
        <div class="button-row">
          <button type="submit" class="btn btn-primary">
            {t('themes.answerContinue')}
          </button>
          <button type="button" class="btn btn-secondary" onClick={onCancel}>
            {t('common.cancel')}
          </button>
        </div>
      )}
    </form>
  );
}
