// A process's own names for the response statuses ("you said, we did") and whether
// participants are told of new answers on their next visit.
import { useState } from 'preact/hooks';
import { type ResponseSettings, useResponseSettings, useSaveResponseSettings } from '../../api/responses';
import { t } from '../../i18n';
import { RESPONSE_STATUSES, responseKey } from '../../lib/vocab';
import { ErrorAlert, Field, Loading, Notice } from '../ui';

export function ResponseSettingsCard({ slug }: { slug: string }) {
  const current = useResponseSettings(slug);
  return (
    <section class="card stack" aria-labelledby="response-settings-title">
      <h2 id="response-settings-title">{t('responseSettings.title')}</h2>
      <p class="hint">{t('responseSettings.hint')}</p>
      <ErrorAlert error={current.error} onRetry={current.reload} />
      {/* The form starts from what is saved, so it appears once that has loaded: typing into
          it earlier would be overwritten when the answer came. */}
      {current.data ? <SettingsForm slug={slug} saved={current.data} /> : !current.error && <Loading />}
    </section>
  );
}

function SettingsForm({ slug, saved: initial }: { slug: string; saved: ResponseSettings }) {
  const [names, setNames] = useState<Record<string, string>>({ ...(initial.names ?? {}) });
  const [notify, setNotify] = useState(initial.notify ?? false);
  const [saved, setSaved] = useState(false);
  const save = useSaveResponseSettings(slug, { onSuccess: () => setSaved(true) });
  const submit = (e: Event) => {
    e.preventDefault();
    setSaved(false);
    // A blank name means "use the UI's word".
    const given = Object.fromEntries(Object.entries(names).filter(([, v]) => v.trim() !== ''));
    void save.run({ names: given, notify });
  };
  return (
    <form class="stack" onSubmit={submit} noValidate>
      <ErrorAlert error={save.error} claimed={RESPONSE_STATUSES.map((s) => `names.${s}`)} />
      {saved && <Notice kind="success">{t('responseSettings.saved')}</Notice>}
      {RESPONSE_STATUSES.map((s) => (
        <Field
          key={s}
          id={`response-name-${s}`}
          label={t('responseSettings.nameFor', { status: t(responseKey(s)) })}
          error={save.error?.field(`names.${s}`)}
        >
          {(aria) => (
            <input
              {...aria}
              type="text"
              maxLength={40}
              placeholder={t(responseKey(s))}
              value={names[s] ?? ''}
              onInput={(e) => setNames({ ...names, [s]: e.currentTarget.value })}
            />
          )}
        </Field>
      ))}
      <label class="choice">
        <input type="checkbox" checked={notify} onChange={(e) => setNotify(e.currentTarget.checked)} />
        {t('responseSettings.notify')}
      </label>
      <div class="button-row">
        <button type="submit" class="btn btn-primary" disabled={save.busy}>
          {t('responseSettings.save')}
        </button>
      </div>
    </form>
  );
}
