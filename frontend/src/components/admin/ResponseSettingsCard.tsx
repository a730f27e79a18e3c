// A process's own names for the response statuses ("you said, we did"), also per UI language,
// and whether participants are told of new answers on their next visit.
import { useState } from 'preact/hooks';
import { type ResponseSettings, useResponseSettings, useSaveResponseSettings } from '../../api/responses';
import { t } from '../../i18n';
import type { ApiError } from '../../lib/problem';
import { TEXT_LANGUAGES, type TextLanguage } from '../../lib/translations';
import { languageKey, RESPONSE_STATUSES, responseKey } from '../../lib/vocab';
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

type Names = Record<string, string>;

/** The names given, blanks meaning "use the base name, else the UI's word". */
const given = (names: Names): Names => Object.fromEntries(Object.entries(names).filter(([, v]) => v.trim() !== ''));

function SettingsForm({ slug, saved: initial }: { slug: string; saved: ResponseSettings }) {
  const [names, setNames] = useState<Names>({ ...(initial.names ?? {}) });
  const [byLanguage, setByLanguage] = useState<Record<TextLanguage, Names>>({
    en: { ...(initial.names_by_language?.en ?? {}) },
    es: { ...(initial.names_by_language?.es ?? {}) },
  });
  const [notify, setNotify] = useState(initial.notify ?? false);
  const [saved, setSaved] = useState(false);
  const save = useSaveResponseSettings(slug, { onSuccess: () => setSaved(true) });
  const submit = (e: Event) => {
    e.preventDefault();
    setSaved(false);
    void save.run({ names: given(names), notify, names_by_language: { en: given(byLanguage.en), es: given(byLanguage.es) } });
  };
  return (
    <form class="stack" onSubmit={submit} noValidate>
      <ErrorAlert error={save.error} claimed={['names', 'names_by_language']} />
      {saved && <Notice kind="success">{t('responseSettings.saved')}</Notice>}
      <NameFields idPrefix="response-name" field="names" names={names} onChange={setNames} error={save.error} />
      <p class="hint">{t('responseSettings.languagesHint')}</p>
      {TEXT_LANGUAGES.map((lang) => {
        const language = t(languageKey(lang));
        const written = Object.values(byLanguage[lang]).some((v) => v.trim());
        return (
          <details key={lang} class="translation" open={written || !!save.error?.field(`names_by_language.${lang}`)}>
            <summary>{t('responseSettings.namesIn', { language })}</summary>
            <NameFields
              idPrefix={`response-name-${lang}`}
              field={`names_by_language.${lang}`}
              lang={lang}
              language={language}
              names={byLanguage[lang]}
              onChange={(n) => setByLanguage({ ...byLanguage, [lang]: n })}
              error={save.error}
            />
          </details>
        );
      })}
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

/** One input per status; `language` set: the names in that language. */
function NameFields(props: {
  idPrefix: string;
  field: string;
  lang?: TextLanguage;
  language?: string;
  names: Names;
  onChange: (names: Names) => void;
  error: ApiError | null;
}) {
  const { names } = props;
  return (
    <div class="stack">
      {RESPONSE_STATUSES.map((s) => {
        const status = t(responseKey(s));
        return (
          <Field
            key={s}
            id={`${props.idPrefix}-${s}`}
            label={props.language ? t('responseSettings.nameForIn', { status, language: props.language }) : t('responseSettings.nameFor', { status })}
            error={props.error?.field(`${props.field}.${s}`)}
          >
            {(aria) => (
              <input
                {...aria}
                type="text"
                lang={props.lang}
                maxLength={40}
                placeholder={status}
                value={names[s] ?? ''}
                onInput={(e) => props.onChange({ ...names, [s]: e.currentTarget.value })}
              />
            )}
          </Field>
        );
      })}
    </div>
  );
}
