// What can be done at once to the submissions selected in the admin list: those ticked (kept
// across pages until done), or every one matching the list's filters. Moderate them with one
// reason, or answer them with one response; acting on the filter asks first, with the count.
import { useState } from 'preact/hooks';
import type { SubmissionStatus } from '../../api/client';
import { type BulkModerationResult, useModerateMany } from '../../api/submissions';
import type { RespondResult } from '../../api/responses';
import { fmtNumber, t } from '../../i18n';
import type { SubmissionFilters } from '../../lib/listFilters';
import { ConfirmMatching, type MatchingAction } from './ConfirmMatching';
import { ModerateForm } from './ModerateForm';
import { RespondForm } from './RespondForm';

/** The submissions ticked, or every one the filter matches (`count` as the list counted them). */
export type Selection = { ids: number[] } | { filter: SubmissionFilters; count: number; atLeast: boolean };

/** The request's part that says which submissions. */
const target = (s: Selection) => ('ids' in s ? { submission_ids: s.ids } : { filter: s.filter });

export function SelectionResponse(props: {
  slug: string;
  selection: Selection;
  /** Done: how many the server says it acted on, and how many of them changed. */
  onModerated: (r: BulkModerationResult) => void;
  onDone: (r: RespondResult) => void;
  onClear: () => void;
}) {
  const { selection } = props;
  const [action, setAction] = useState<'respond' | 'moderate'>('respond');
  const [asking, setAsking] = useState<{ action: MatchingAction; go: () => void } | null>(null);
  const moderate = useModerateMany(props.slug, { onSuccess: props.onModerated });
  // Acting on ticked ids goes ahead; acting on a filter asks first.
  const confirm = (what: MatchingAction, go: () => void) => ('ids' in selection ? go() : setAsking({ action: what, go }));
  return (
    <section class="card stack" aria-labelledby="selection-title">
      <h2 id="selection-title">{t('selection.title')}</h2>
      <p class="muted">
        {'ids' in selection
          ? t('respond.selected', { count: selection.ids.length })
          : selection.atLeast
            ? t('matching.selectedAtLeast', { countText: fmtNumber(selection.count) })
            : t('matching.selected', { count: selection.count, countText: fmtNumber(selection.count) })}
      </p>
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
          target={target(selection)}
          confirm={(go) => confirm('respond', go)}
          onDone={props.onDone}
          onCancel={props.onClear}
        />
      ) : (
        <ModerateForm
          id="moderate-selection"
          title={t('selection.moderateTitle')}
          initial="hidden"
          busy={moderate.busy}
          error={moderate.error}
          onSubmit={(status: SubmissionStatus, reason) => confirm(status, () => void moderate.run({ ...target(selection), status, reason }))}
          onCancel={props.onClear}
        />
      )}
      {asking && !('ids' in selection) && (
        <ConfirmMatching
          action={asking.action}
          count={selection.count}
          atLeast={selection.atLeast}
          onConfirm={() => {
            setAsking(null);
            asking.go();
          }}
          onCancel={() => setAsking(null)}
        />
      )}
    </section>
  );
}
