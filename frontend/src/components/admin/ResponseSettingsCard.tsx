// A process's own names for the response statuses ("you said, we did") and whether
// participants are told of new answers on their next visit.
import { useEffect, useState } from 'preact/hooks';
import { useResponseSettings, useSaveResponseSettings } from '../../api/responses';
import { t } from '../../i18n';
import { RESPONSE_STATUSES, responseKey } from '../../lib/vocab';
import { ErrorAlert, Field, Notice } from '../ui';

export function ResponseSettingsCard({ slug }: { slug: string }) {
  const current = useResponseSettings(slug);
  const [names, setNames] = useState<Record<string, string>>({});
  const [notify, setNotify] = useState(false);
  const [saved, setSaved] = useState(false);
  useEffect(() => {
    if (!current.data) return;
    setNames({ ...(current.data.names ?? {}) });
    setNotify(current.data.notify ?? false);
  }, [current.data]);
  const save = useSaveResponseSettings(slug, { onSuccess: () => setSaved(true) });
  const submit = (e: Event) => {
    e.preventDefault();
    setSaved(false);
    // A blank name means "use the UI's word".
    const given = Object.fromEntries(Object.entries(names).filter(([, v]) => v.trim() !== ''));
    void save.run({ names: given, notify });
  };
  return (
    <section class="card stack" aria-labelledby="response-settings-title">
      <h2 id="response-settings-title">{t('responseSettings.title')}</h2>
      <p class="hint">{t('responseSettings.hint')}</p>
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
    </section>
  );
}
