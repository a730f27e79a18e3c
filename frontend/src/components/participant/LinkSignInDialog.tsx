// The question asked before signing in with a sign-in link's token (against login CSRF).
import { useEffect, useRef } from 'preact/hooks';
import type { ProcessView, SessionInfo } from '../../api/client';
import { useProcess } from '../../api/processes';
import { ErrorAlert } from '../ui';
import { t } from '../../i18n';
import { isAdmin, isParticipant } from '../../lib/vocab';

/**
 * Asks before signing in with a sign-in link's token, so nobody can switch someone's session by
 * sending them a link (login CSRF). When someone is signed in already it says who, and that
 * session stays as it is unless the visitor confirms. A native modal <dialog>: focus moves into
 * it, the page behind is inert, and Escape cancels.
 */
export function LinkSignInDialog(props: {
  slug: string;
  /** The process of this page, or null when it is not visible before signing in. */
  process: ProcessView | null;
  session: SessionInfo | null;
  busy: boolean;
  error: unknown;
  onConfirm: () => void;
  onCancel: () => void;
}) {
  const { slug, process, session, busy, error, onConfirm, onCancel } = props;
  const ref = useRef<HTMLDialogElement>(null);
  const confirmRef = useRef<HTMLButtonElement>(null);
  const cancelRef = useRef<HTMLButtonElement>(null);
  const cancelLatest = useRef(onCancel);
  cancelLatest.current = onCancel;

  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    const before = document.activeElement instanceof HTMLElement && document.activeElement !== document.body ? document.activeElement : null;
    if (!dialog.open) {
      if (typeof dialog.showModal === 'function') dialog.showModal();
      else dialog.setAttribute('open', '');
    }
    // With a session at stake the safe choice has focus; otherwise the expected one.
    (session ? cancelRef.current : confirmRef.current)?.focus();
    const onEscape = (e: Event) => {
      e.preventDefault();
      cancelLatest.current();
    };
    dialog.addEventListener('cancel', onEscape);
    return () => {
      dialog.removeEventListener('cancel', onEscape);
      if (dialog.open) dialog.close();
      // Back to where the visitor was, or to the page's heading.
      requestAnimationFrame(() => {
        const target = before?.isConnected ? before : document.querySelector<HTMLElement>('main h1');
        if (document.activeElement === document.body || document.activeElement === null) target?.focus({ preventScroll: true });
      });
    };
    // Opened once per link; who is signed in does not change while it is open.
  }, []);

  // Who is signed in now, in words: their process's title and contributor type's name.
  const otherSlug = isParticipant(session) && session?.process && session.process !== slug ? session.process : null;
  const other = useProcess(otherSlug);
  const current = otherSlug ? other.data : process;
  const typeKey = session?.contributor_type ?? '';
  const typeName = current?.contributor_types.find((c) => c.key === typeKey)?.name ?? typeKey;
  const processName = current?.title ?? session?.process ?? '';

  let now: string | null = null;
  if (isAdmin(session)) now = t('linkSignIn.nowAdmin');
  else if (session) now = t('linkSignIn.nowParticipant', { type: typeName, process: processName });

  return (
    <dialog ref={ref} class="confirm-dialog" aria-labelledby="link-signin-title" aria-describedby="link-signin-desc">
      <div class="stack">
        <h2 id="link-signin-title" dir="auto">
          {process ? t('linkSignIn.title', { process: process.title }) : t('linkSignIn.titleNoName')}
        </h2>
        <div id="link-signin-desc" class="stack">
          <p>{t('linkSignIn.intro')}</p>
          {now && (
            <div class="alert alert-warning" data-testid="link-signin-current">
              <p>{now}</p>
              <p>{isAdmin(session) ? t('linkSignIn.replaceAdmin') : t('linkSignIn.replace')}</p>
            </div>
          )}
        </div>
        <ErrorAlert error={error} />
        <div class="button-row">
          <button type="button" class="btn btn-primary" ref={confirmRef} disabled={busy} onClick={onConfirm}>
            {busy ? t('signIn.signingIn') : t('linkSignIn.confirm')}
          </button>
          <button type="button" class="btn btn-secondary" ref={cancelRef} disabled={busy} onClick={onCancel}>
            {session ? t('linkSignIn.cancelKeep') : t('common.cancel')}
          </button>
        </div>
      </div>
    </dialog>
  );
}
