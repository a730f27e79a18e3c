// The question asked before a bulk action on every submission matching the list's filters:
// how many it is about to change, as the list counted them, since the server applies the
// filter again when it runs.
import { useEffect, useRef } from 'preact/hooks';
import type { SubmissionStatus } from '../../api/client';
import { fmtNumber, t } from '../../i18n';

/** What a bulk action on the matching submissions will do: give them a status, or answer them. */
export type MatchingAction = SubmissionStatus | 'respond';

/**
 * A native modal <dialog>: focus moves into it (onto the safe choice), the page behind is
 * inert, and Escape cancels.
 */
export function ConfirmMatching(props: { action: MatchingAction; count: number; atLeast: boolean; onConfirm: () => void; onCancel: () => void }) {
  const { action, count, atLeast, onConfirm, onCancel } = props;
  const ref = useRef<HTMLDialogElement>(null);
  const cancelRef = useRef<HTMLButtonElement>(null);
  const cancelLatest = useRef(onCancel);
  cancelLatest.current = onCancel;

  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (!dialog.open) {
      if (typeof dialog.showModal === 'function') dialog.showModal();
      else dialog.setAttribute('open', '');
    }
    cancelRef.current?.focus();
    const onEscape = (e: Event) => {
      e.preventDefault();
      cancelLatest.current();
    };
    dialog.addEventListener('cancel', onEscape);
    return () => {
      dialog.removeEventListener('cancel', onEscape);
      if (dialog.open) dialog.close();
    };
  }, []);

  const countText = fmtNumber(count);
  return (
    <dialog ref={ref} class="confirm-dialog" aria-labelledby="confirm-matching-title" aria-describedby="confirm-matching-desc">
      <div class="stack">
        <h2 id="confirm-matching-title">
          {atLeast ? t('matching.confirmTitleAtLeast', { countText }) : t('matching.confirmTitle', { count, countText })}
        </h2>
        <div id="confirm-matching-desc" class="stack">
          <p>{t(`matching.will.${action}`)}</p>
          <p class="muted">{t('matching.recount')}</p>
        </div>
        <div class="button-row">
          <button type="button" class="btn btn-primary" onClick={onConfirm}>
            {atLeast ? t('matching.confirmAtLeast', { countText }) : t('matching.confirm', { count, countText })}
          </button>
          <button type="button" class="btn btn-secondary" ref={cancelRef} onClick={onCancel}>
            {t('common.cancel')}
          </button>
        </div>
      </div>
    </dialog>
  );
}
