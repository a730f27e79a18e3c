// One theme: its name (rename or restore inline), key terms, category mix, representative
// sentences, and answering it as a whole.
import { useRef, useState } from 'preact/hooks';
import type { Category, Schemas } from '../../api/client';
import { useRenameTheme } from '../../api/themes';
import { fmtList, fmtNumber, fmtPct, t } from '../../i18n';
import { fieldText } from '../../lib/fieldError';
import { categoryMix } from '../../lib/insights';
import { ErrorAlert, focusOnMount } from '../ui';
import { ThemeAnswer } from './ThemeAnswer';

type Theme = Schemas['ThemeView'];

export function ThemeCard({ slug, theme, categories, canAnswer }: { slug: string; theme: Theme; categories: Category[]; canAnswer: boolean }) {
  const headingId = `theme-${theme.id}`;
  const mix = categoryMix(theme.category_mix, categories);
  const renamed = theme.label !== theme.generated_label;
  return (
    <li class="card stack theme-card" aria-labelledby={headingId}>
      <div class="theme-head">
        <h3 id={headingId} dir="auto">
          {theme.label}
        </h3>
        <span class="badge badge-size">{t('themes.size', { count: theme.size, countText: fmtNumber(theme.size) })}</span>
      </div>
      {renamed && <p class="hint">{t('themes.generatedLabel', { label: theme.generated_label })}</p>}
      <RenameTheme slug={slug} theme={theme} headingId={headingId} />
      {theme.terms.length > 0 && (
        <p>
          <strong>{t('themes.terms')}</strong> <span dir="auto">{fmtList(theme.terms)}</span>
        </p>
      )}
      {mix.length > 0 && (
        <div class="table-wrap">
          <table class="mix-table">
            <caption>{t('themes.mixCaption', { label: theme.label })}</caption>
            <thead>
              <tr>
                <th scope="col">{t('subs.colCategory')}</th>
                <th scope="col">{t('themes.sentences')}</th>
                <th scope="col">{t('themes.share')}</th>
              </tr>
            </thead>
            <tbody>
              {mix.map((m) => (
                <tr key={m.key}>
                  <th scope="row">{m.name}</th>
                  <td class="num">{fmtNumber(m.count)}</td>
                  <td class="num">{fmtPct(m.share)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {theme.representatives.length > 0 && (
        <div class="stack">
          <h4 class="theme-subhead">{t('themes.representatives')}</h4>
          <ul class="plain-list representatives">
            {theme.representatives.map((r) => (
              <li key={r.sentence_id}>
                <span dir="auto">{r.text}</span> <span class="muted">({t('dups.submissionId', { id: r.submission_id })})</span>
              </li>
            ))}
          </ul>
        </div>
      )}
      {canAnswer && <ThemeAnswer slug={slug} theme={theme} headingId={headingId} />}
    </li>
  );
}

/** Inline rename: a button opens a small form; Escape or Cancel closes it and returns focus. */
function RenameTheme({ slug, theme, headingId }: { slug: string; theme: Theme; headingId: string }) {
  const [open, setOpen] = useState(false);
  const [value, setValue] = useState(theme.label);
  const [message, setMessage] = useState('');
  const button = useRef<HTMLButtonElement>(null);
  const inputId = `theme-${theme.id}-name`;
  const renamed = theme.label !== theme.generated_label;
  const rename = useRenameTheme(slug, {
    onSuccess: (updated, label) => {
      setMessage(label === null ? t('themes.restored', { label: updated.label }) : t('themes.renamed', { label: updated.label }));
      setOpen(false);
      requestAnimationFrame(() => button.current?.focus());
    },
  });
  const { busy, error } = rename;
  const save = (label: string | null) => rename.run(theme.id, label);

  const close = () => {
    setOpen(false);
    rename.reset();
    requestAnimationFrame(() => button.current?.focus());
  };

  return (
    <div class="stack rename">
      <p role="status" class="status-line">
        {message}
      </p>
      {open ? (
        <form
          class="inline-form"
          onSubmit={(e) => {
            e.preventDefault();
            void save(value.trim());
          }}
          onKeyDown={(e) => {
            if (e.key === 'Escape') {
              e.preventDefault();
              close();
            }
          }}
          noValidate
        >
          <ErrorAlert error={error} claimed={['label']} />
          <label for={inputId}>{t('themes.nameLabel')}</label>
          <input
            id={inputId}
            type="text"
            class="theme-name-input"
            maxLength={80}
            value={value}
            ref={focusOnMount}
            aria-invalid={error?.field('label') ? 'true' : undefined}
            aria-describedby={error?.field('label') ? `${inputId}-error` : undefined}
            onInput={(e) => setValue(e.currentTarget.value)}
          />
          {error?.field('label') && (
            <p class="field-error" id={`${inputId}-error`}>
              {fieldText(error.field('label'))}
            </p>
          )}
          <button type="submit" class="btn btn-primary btn-small" disabled={busy}>
            {t('themes.save')}
          </button>
          <button type="button" class="btn btn-secondary btn-small" disabled={busy} onClick={close}>
            {t('common.cancel')}
          </button>
        </form>
      ) : (
        <div class="button-row">
          <button
            type="button"
            class="btn btn-secondary btn-small"
            ref={button}
            aria-describedby={headingId}
            onClick={() => {
              setValue(theme.label);
              setMessage('');
              setOpen(true);
            }}
          >
            {t('themes.rename')}
          </button>
          {renamed && (
            <button type="button" class="btn btn-secondary btn-small" disabled={busy} aria-describedby={headingId} onClick={() => void save(null)}>
              {t('themes.restore')}
            </button>
          )}
        </div>
      )}
    </div>
  );
}
