// Admin: a process's title, question and category names in each UI language. Every field is
// optional: a reader whose language has no version of a field sees the base text above.
import { t } from '../../i18n';
import type { ApiError } from '../../lib/problem';
import { TEXT_LANGUAGES, type TextDraft, type TextLanguage, type TranslationsDraft } from '../../lib/translations';
import { languageKey } from '../../lib/vocab';
import { Field } from '../ui';

interface Named {
  key: string;
  name: string;
}

export function TranslationsFieldset(props: {
  draft: TranslationsDraft;
  base: { title: string; prompt: string };
  categories: readonly Named[];
  onChange: (draft: TranslationsDraft) => void;
  error: ApiError | null;
}) {
  const { draft, onChange } = props;
  const set = (lang: TextLanguage, patch: Partial<TextDraft>) => onChange({ ...draft, [lang]: { ...draft[lang], ...patch } });
  return (
    <fieldset class="translations stack">
      <legend>{t('translations.legend')}</legend>
      <p class="hint">{t('translations.hint')}</p>
      {TEXT_LANGUAGES.map((lang) => {
        const text = draft[lang];
        const field = (name: string) => props.error?.field(`translations.${lang}.${name}`);
        const written = !!(text.title || text.prompt || Object.values(text.names).some((v) => v.trim()));
        const language = t(languageKey(lang));
        return (
          <details key={lang} class="translation" open={written || !!props.error?.field(`translations.${lang}`)}>
            <summary>{t('translations.summary', { language })}</summary>
            <div class="stack">
              <Field id={`tr-${lang}-title`} label={t('translations.titleLabel', { language })} error={field('title')}>
                {(aria) => (
                  <input {...aria} type="text" lang={lang} maxLength={200} placeholder={props.base.title} value={text.title} onInput={(e) => set(lang, { title: e.currentTarget.value })} />
                )}
              </Field>
              <Field id={`tr-${lang}-prompt`} label={t('translations.promptLabel', { language })} error={field('prompt')}>
                {(aria) => (
                  <textarea {...aria} lang={lang} rows={3} placeholder={props.base.prompt} value={text.prompt} onInput={(e) => set(lang, { prompt: e.currentTarget.value })} />
                )}
              </Field>
              {props.categories
                .filter((c) => c.key.trim() !== '')
                .map((c, i) => (
                  <Field
                    key={c.key}
                    id={`tr-${lang}-cat-${i}`}
                    label={t('translations.categoryLabel', { name: c.name || c.key, language })}
                    error={field(`category_names.${c.key}`)}
                  >
                    {(aria) => (
                      <input
                        {...aria}
                        type="text"
                        lang={lang}
                        maxLength={60}
                        placeholder={c.name}
                        value={text.names[c.key] ?? ''}
                        onInput={(e) => set(lang, { names: { ...text.names, [c.key]: e.currentTarget.value } })}
                      />
                    )}
                  </Field>
                ))}
            </div>
          </details>
        );
      })}
    </fieldset>
  );
}
