// What can be done at once to every submission selected in the admin list (kept across pages
// until done): moderate them with one reason, or answer them with one response.
import { useState } from 'preact/hooks';
import { useModerateMany } from '../../api/submissions';
import { t } from '../../i18n';
import { ModerateForm } from './ModerateForm';
import { RespondForm } from './RespondForm';

export function SelectionResponse(props: {
  slug: string;
  ids: number[];
  onModerated: (count: number) => void;
  onDone: (count: number) => void;
  onClear: () => void;
}) {
  const count = props.ids.length;
  const [action, setAction] = useState<'respond' | 'moderate'>('respond');
  const moderate = useModerateMany(props.slug, { onSuccess: (r) => props.onModerated(r.submission_ids.length) });
  return (
    <section class="card stack" aria-labelledby="selection-title">
      <h2 id="selection-title">{t('selection.title')}</h2>
      <p class="muted">{t('respond.selected', { count })}</p>
      <div class="button-row" role="group" aria-label={t('selection.action')}>
        <button type="button" class="btn btn-secondary btn-small" aria-pressed={action === 'respond'} onClick={() => setAction('respond')}>
          {t('selection.respond')}
        </button>
        <button type="button" class="btn btn-secondary btn-small" aria-pressed={action === 'moderate'} onClick={() => setAction('moderate')}>
          {t('selection.moderate')}
        </button>
      </div>
      {action === 'respond' ? (
        <RespondForm
          slug={props.slug}
          id="respond-selection"
          title={t('respond.selectionTitle')}
          target={{ submission_ids: props.ids }}
          onDone={(r) => props.onDone(r.submission_ids.length)}
          onCancel={props.onClear}
        />
      ) : (
        <ModerateForm
          id="moderate-selection"
          title={t('selection.moderateTitle')}
          initial="hidden"
          busy={moderate.busy}
          error={moderate.error}
          onSubmit={(status, reason) => void moderate.run({ submission_ids: props.ids, status, reason })}
          onCancel={props.onClear}
        />
      )}
    </section>
  );
}
