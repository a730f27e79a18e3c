// "My submissions": a participant's own submissions with their analysis; edit or delete them
// while the process is open.
import { useEffect, useState } from 'preact/hooks';
import type { ProcessView, SubmissionView } from '../../api/client';
import { useDeleteSubmission, useSubmissions, useUpdateSubmission } from '../../api/submissions';
import { CategorySummary, SentenceList, usePendingRefresh } from '../Analysis';
import { draftFrom } from '../MapPicker';
import { type DraftErrors, serverDraftErrors, type SubmissionDraft, SubmissionFields, validateDraft } from '../SubmissionFields';
import { QueryView } from '../QueryView';
import { Empty, ErrorAlert, focusOnMount, Notice, Pager } from '../ui';
import { fmtCoord, fmtDateTime, fmtNumber, t } from '../../i18n';
import { isAnswered, isVisible } from '../../lib/vocab';
import { markAnswersSeen } from '../../lib/answersSeen';
import { type ResponseSettings, responseName, useResponseSettings } from '../../api/responses';
import { SupportCount } from './SupportButton';

const PAGE = 20;

export function MySubmissions({ process, tokenId }: { process: ProcessView; tokenId: number }) {
  const [offset, setOffset] = useState(0);
  const [message, setMessage] = useState<string | null>(null);
  const list = useSubmissions(process.slug, { limit: PAGE, offset });
  usePendingRefresh(list.data?.items);
  const settings = useResponseSettings(process.slug).data;
  // Seeing the answers here is what the "have a reply" notice waits for.
  useEffect(() => {
    const newest = list.data?.items.map((s) => s.response.responded_at ?? '').sort().pop();
    if (newest) markAnswersSeen(process.slug, tokenId, newest);
  }, [list.data, process.slug, tokenId]);
  const removed = () => {
    setMessage(t('mine.deleted'));
    if (list.data && list.data.items.length === 1 && offset > 0) setOffset(Math.max(0, offset - PAGE));
  };

  return (
    <section class="stack" aria-labelledby="mine-title">
      <h2 id="mine-title">{t('mine.title')}</h2>
      {!process.submissions_open && <Notice kind="warning">{t('mine.closed')}</Notice>}
      <p role="status" class="status-line">
        {message ?? ''}
      </p>
      <QueryView query={list}>
        {(page) => (
          <>
            <p class="muted">{t('mine.count', { count: page.total, countText: fmtNumber(page.total) })}</p>
            {page.items.length === 0 ? (
              <Empty>
                {t('mine.empty')}{' '}
                {process.submissions_open && <a href={`/p/${encodeURIComponent(process.slug)}`}>{t('mine.writeFirst')}</a>}
              </Empty>
            ) : (
              <ul class="card-list">
                {page.items.map((s) => (
                  <MySubmission key={s.id} sub={s} process={process} settings={settings} onSaved={() => setMessage(t('mine.saved'))} onDeleted={removed} />
                ))}
              </ul>
            )}
            <Pager total={page.total} limit={PAGE} offset={offset} onPage={setOffset} />
          </>
        )}
      </QueryView>
    </section>
  );
}

function MySubmission(props: {
  sub: SubmissionView;
  process: ProcessView;
  settings: ResponseSettings | undefined;
  onSaved: () => void;
  onDeleted: () => void;
}) {
  const { sub, process } = props;
  const [mode, setMode] = useState<'view' | 'edit' | 'confirm-delete'>('view');
  const [draft, setDraft] = useState<SubmissionDraft>({ text: sub.text, location: draftFrom(sub.location) });
  const [errors, setErrors] = useState<DraftErrors>({});
  const update = useUpdateSubmission({
    onSuccess: () => {
      setMode('view');
      setErrors({});
      props.onSaved();
    },
    onError: (err) => setErrors(serverDraftErrors(err)),
  });
  // Stays disabled once deleted, until the refreshed list drops it.
  const [deleted, setDeleted] = useState(false);
  const remove = useDeleteSubmission(process.slug, {
    onSuccess: () => {
      setDeleted(true);
      props.onDeleted();
    },
  });
  const busy = update.busy || remove.busy || deleted;
  const error = update.error ?? remove.error;
  const open = process.submissions_open;
  const headingId = `sub-${sub.id}`;

  const save = (e: Event) => {
    e.preventDefault();
    const v = validateDraft(draft);
    if (!v.ok) {
      setErrors(v.errors);
      return;
    }
    remove.reset();
    void update.run(sub.id, { text: v.text, location: v.location });
  };

  const del = () => {
    update.reset();
    void remove.run(sub.id);
  };

  return (
    <li class="card stack submission" aria-labelledby={headingId}>
      <h3 id={headingId} class="submission-meta">
        {t('mine.itemHeading', { date: fmtDateTime(sub.created_at) })}
        {sub.awaiting_approval ? (
          <span class="badge badge-flagged">{t('mine.awaitingApproval')}</span>
        ) : (
          !isVisible(sub) && <span class={`badge badge-${sub.status}`}>{t(`status.${sub.status}`)}</span>
        )}
      </h3>
      <ErrorAlert error={error} claimed={mode === 'edit' ? ['text', 'location'] : []} />
      {mode === 'edit' ? (
        <form class="stack" onSubmit={save} noValidate>
          <SubmissionFields
            id={`edit-${sub.id}`}
            draft={draft}
            onChange={setDraft}
            errors={errors}
            map={process.map}
            label={t('mine.editLabel')}
          />
          <div class="button-row">
            <button type="submit" class="btn btn-primary" disabled={busy}>
              {t('mine.save')}
            </button>
            <button
              type="button"
              class="btn btn-secondary"
              onClick={() => {
                setMode('view');
                setDraft({ text: sub.text, location: draftFrom(sub.location) });
                setErrors({});
                update.reset();
                remove.reset();
              }}
            >
              {t('common.cancel')}
            </button>
          </div>
        </form>
      ) : (
        <>
          <p class="submission-text" dir="auto">{sub.text}</p>
          <div class="stack">
            <CategorySummary sub={sub} categories={process.categories} />
            <SentenceList sub={sub} categories={process.categories} />
          </div>
          <p class="muted">
            {sub.location ? t('mine.location', { lat: fmtCoord(sub.location.lat), lng: fmtCoord(sub.location.lng) }) : t('mine.noLocation')}
            {sub.updated_at !== sub.created_at && <> · {t('mine.edited', { date: fmtDateTime(sub.updated_at) })}</>}
          </p>
          {sub.awaiting_approval && <p class="muted">{t('mine.awaitingApprovalHint')}</p>}
          {!isVisible(sub) && !sub.awaiting_approval && sub.moderation_reason && <p class="muted">{t('mine.moderationReason', { reason: sub.moderation_reason })}</p>}
          {sub.supports > 0 && (
            <p class="muted">
              <SupportCount count={sub.supports} />
            </p>
          )}
          <Answer sub={sub} settings={props.settings} />
          {open && mode === 'view' && (
            <div class="button-row">
              <button type="button" class="btn btn-secondary" onClick={() => setMode('edit')} aria-describedby={headingId}>
                {t('mine.edit')}
              </button>
              <button type="button" class="btn btn-danger-outline" onClick={() => setMode('confirm-delete')} aria-describedby={headingId}>
                {t('mine.delete')}
              </button>
            </div>
          )}
          {mode === 'confirm-delete' && (
            <div class="confirm stack" role="group" aria-label={t('mine.confirmDelete')}>
              <p>{t('mine.confirmDelete')}</p>
              <div class="button-row">
                <button type="button" class="btn btn-danger" disabled={busy} onClick={del} ref={focusOnMount}>
                  {t('mine.confirmDeleteYes')}
                </button>
                <button type="button" class="btn btn-secondary" onClick={() => setMode('view')}>
                  {t('common.cancel')}
                </button>
              </div>
            </div>
          )}
        </>
      )}
    </li>
  );
}

/** The organisers' answer: its status, and their reply when they wrote one. */
function Answer({ sub, settings }: { sub: SubmissionView; settings: ResponseSettings | undefined }) {
  const r = sub.response;
  if (!isAnswered(r)) return null;
  return (
    <div class="answer stack">
      <p>
        <span class={`badge response-${r.status}`}>{t('mine.response', { status: responseName(settings, r.status) })}</span>
        {r.responded_at && <span class="muted"> · {fmtDateTime(r.responded_at)}</span>}
      </p>
      {r.reply && (
        <blockquote class="reply" aria-label={t('mine.reply')}>
          <p dir="auto">{r.reply}</p>
        </blockquote>
      )}
    </div>
  );
}
