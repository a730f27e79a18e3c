// Writing a submission: text, optional place, similar ones while typing, and the confirmation.
// What is written is kept on this device (lib/drafts) until the server has it: a reload, a
// failed send or an ended session never loses it.
import { useEffect, useRef, useState } from 'preact/hooks';
import type { ProcessView, SessionInfo, SubmissionView } from '../../api/client';
import { useCreateSubmission } from '../../api/submissions';
import { clearDraft, isBlank, loadDraft, saveDraft } from '../../lib/drafts';
import type { ApiError } from '../../lib/problem';
import { currentSession, sessionStore } from '../../lib/session';
import { isParticipant } from '../../lib/vocab';
import { draftFrom } from '../MapPicker';
import { SignInForm } from '../SignInForm';
import { type DraftErrors, serverDraftErrors, type SubmissionDraft, SubmissionFields, validateDraft } from '../SubmissionFields';
import { ErrorAlert, focusOnMount, Notice } from '../ui';
import { fmtCoord, t } from '../../i18n';
import { SimilarPanel } from './SimilarPanel';

const empty = (): SubmissionDraft => ({ text: '', location: draftFrom(null) });

/** Failures worth sending again as they are: no connection, too many requests, busy. */
const retryable = (e: ApiError | null): boolean => !!e && (e.status === 0 || e.status === 429 || e.status === 503);

export function SubmitForm(props: {
  process: ProcessView;
  /** The signed-in token's id (from the server), under which the draft is kept. */
  tokenId: number;
  /** The session ended while writing: sign-in is shown here, and a refused send is repeated after it. */
  sessionEnded: boolean;
  /** Someone who belongs elsewhere signed in here (an admin, another process's participant). */
  onOtherSignIn: (s: SessionInfo) => void;
}) {
  const { process, tokenId } = props;
  const slug = process.slug;
  const [restored, setRestored] = useState(() => loadDraft(slug, tokenId));
  const [draft, setDraftState] = useState<SubmissionDraft>(() => restored ?? empty());
  const draftRef = useRef(draft);
  draftRef.current = draft;
  // Every token the draft was kept under (signing in again may bring a new one): all are
  // cleared once the server has the submission.
  const keptUnder = useRef(new Set<number>([tokenId]));
  const [errors, setErrors] = useState<DraftErrors>({});
  const [done, setDone] = useState<SubmissionView | null>(null);
  // A send refused because the session had ended: it is sent once more after sign-in.
  const [sendAfterSignIn, setSendAfterSignIn] = useState(false);
  const { run, busy, error, reset } = useCreateSubmission(slug, {
    onSuccess: (created) => {
      const now = currentSession(sessionStore.get())?.token_id;
      if (now !== undefined) keptUnder.current.add(now);
      for (const id of keptUnder.current) clearDraft(slug, id);
      keptUnder.current = new Set(now !== undefined ? [now] : []);
      setDraftState(empty());
      setRestored(null);
      setDone(created);
    },
    onError: (err) => {
      if (err.status === 401) setSendAfterSignIn(true);
      else setErrors(serverDraftErrors(err));
    },
  });

  // Signed in again, perhaps with a new token: the draft is kept under that one as well.
  useEffect(() => {
    keptUnder.current.add(tokenId);
    if (!isBlank(draftRef.current)) saveDraft(slug, tokenId, draftRef.current);
  }, [slug, tokenId]);

  const setDraft = (d: SubmissionDraft) => {
    setDraftState(d);
    saveDraft(slug, tokenId, d);
  };

  const send = (d: SubmissionDraft) => {
    reset();
    const v = validateDraft(d);
    if (!v.ok) {
      setErrors(v.errors);
      return;
    }
    setErrors({});
    void run({ text: v.text, location: v.location });
  };

  const signedInAgain = (s: SessionInfo) => {
    if (!isParticipant(s) || s.process !== slug) {
      props.onOtherSignIn(s);
      return;
    }
    if (sendAfterSignIn) {
      setSendAfterSignIn(false);
      send(draftRef.current);
    }
  };

  const base = `/p/${encodeURIComponent(slug)}`;
  const signInAgain = props.sessionEnded && (
    <section class="card stack" aria-labelledby="submit-signin">
      <h2 id="submit-signin" tabIndex={-1} ref={focusOnMount}>
        {t('submit.signInAgainTitle')}
      </h2>
      <p>{sendAfterSignIn ? t('submit.signInToSend') : t('submit.signInToContinue')}</p>
      <SignInForm id="submit-token" onSignedIn={signedInAgain} />
    </section>
  );
  if (!process.submissions_open) {
    return (
      <>
        {signInAgain}
        <p>
          {t('submit.closed')} <a href={`${base}/mine`}>{t('participant.tabMine')}</a>
        </p>
      </>
    );
  }

  if (done) {
    return (
      <>
        {signInAgain}
        <section class="card stack confirmation" aria-labelledby="submit-done">
          <h2 id="submit-done" tabIndex={-1} ref={focusOnMount}>
            {t('submit.doneTitle')}
          </h2>
          <p>{t('submit.doneBody')}</p>
          {done.awaiting_approval && <p>{t('submit.awaitingApproval')}</p>}
          <blockquote class="quote" dir="auto">{done.text}</blockquote>
          <p class="muted">
            {done.location
              ? t('submit.doneWithLocation', { lat: fmtCoord(done.location.lat), lng: fmtCoord(done.location.lng) })
              : t('submit.doneNoLocation')}
          </p>
          <div class="button-row">
            <button type="button" class="btn btn-primary" onClick={() => setDone(null)}>
              {t('submit.another')}
            </button>
            <a class="btn btn-secondary" href={`${base}/mine`}>
              {t('submit.seeMine')}
            </a>
          </div>
        </section>
      </>
    );
  }

  const submit = (e: Event) => {
    e.preventDefault();
    // Nobody to send as: keep the text and ask for the sign-in shown above first.
    if (props.sessionEnded) setSendAfterSignIn(true);
    else send(draft);
  };

  return (
    <>
      {signInAgain}
      <form class="card stack" onSubmit={submit} noValidate aria-labelledby="submit-title">
        <h2 id="submit-title">{t('submit.title')}</h2>
        {restored && !isBlank(restored) && <Notice>{t('submit.draftRestored')}</Notice>}
        {error?.status !== 401 && (
          <ErrorAlert error={error} claimed={['text', 'location']} onRetry={retryable(error) ? () => send(draftRef.current) : undefined} />
        )}
        {retryable(error) && <p class="muted">{t('submit.draftKept')}</p>}
        {Object.values(errors).some(Boolean) && !error && <Notice kind="warning">{t('error.validation')}</Notice>}
        <SubmissionFields
          id="new"
          draft={draft}
          onChange={setDraft}
          errors={errors}
          map={process.map}
          label={t('submit.textLabel')}
          hint={t('submit.textHint')}
        />
        <SimilarPanel process={process} text={draft.text} />
        <div>
          <button type="submit" class="btn btn-primary" disabled={busy}>
            {busy ? t('submit.sending') : t('submit.send')}
          </button>
        </div>
      </form>
    </>
  );
}
