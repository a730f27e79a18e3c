import { useState } from 'preact/hooks';
import { api, call, type ProcessView, type SubmissionView } from '../../api/client';
import { CategorySummary, SentenceList, usePendingRefresh } from '../Analysis';
import { draftFrom } from '../MapPicker';
import { type DraftErrors, serverDraftErrors, type SubmissionDraft, SubmissionFields, validateDraft } from '../SubmissionFields';
import { Empty, ErrorAlert, focusOnMount, Loading, Notice, Pager } from '../ui';
import { fmtCoord, fmtDateTime, fmtNumber, t } from '../../i18n';
import { asApiError } from '../../lib/problem';
import { useAsync } from '../../lib/useAsync';

const PAGE = 20;

export function MySubmissions({ process }: { process: ProcessView }) {
  const [offset, setOffset] = useState(0);
  const [message, setMessage] = useState<string | null>(null);
  const list = useAsync(
    () =>
      call(
        api.GET('/api/v1/processes/{slug}/submissions', {
          params: { path: { slug: process.slug }, query: { limit: PAGE, offset } },
        }),
      ),
    [process.slug, offset],
  );

  const update = (s: SubmissionView) => {
    if (!list.data) return;
    list.setData({ ...list.data, items: list.data.items.map((x) => (x.id === s.id ? s : x)) });
  };
  const replace = (s: SubmissionView) => {
    update(s);
    setMessage(t('mine.saved'));
  };
  usePendingRefresh(list.data?.items, update);
  const remove = (id: number) => {
    setMessage(t('mine.deleted'));
    if (list.data && list.data.items.length === 1 && offset > 0) setOffset(Math.max(0, offset - PAGE));
    else list.reload();
    void id;
  };

  return (
    <section class="stack" aria-labelledby="mine-title">
      <h2 id="mine-title">{t('mine.title')}</h2>
      {!process.submissions_open && <Notice kind="warning">{t('mine.closed')}</Notice>}
      <p role="status" class="status-line">
        {message ?? ''}
      </p>
      {list.loading && !list.data && <Loading />}
      <ErrorAlert error={list.error} onRetry={list.reload} />
      {list.data && (
        <>
          <p class="muted">{t('mine.count', { count: list.data.total, countText: fmtNumber(list.data.total) })}</p>
          {list.data.items.length === 0 ? (
            <Empty>
              {t('mine.empty')}{' '}
              {process.submissions_open && <a href={`/p/${encodeURIComponent(process.slug)}`}>{t('mine.writeFirst')}</a>}
            </Empty>
          ) : (
            <ul class="card-list">
              {list.data.items.map((s) => (
                <MySubmission key={s.id} sub={s} process={process} onSaved={replace} onDeleted={remove} />
              ))}
            </ul>
          )}
          <Pager total={list.data.total} limit={PAGE} offset={offset} onPage={setOffset} />
        </>
      )}
    </section>
  );
}

function MySubmission(props: { sub: SubmissionView; process: ProcessView; onSaved: (s: SubmissionView) => void; onDeleted: (id: number) => void }) {
  const { sub, process } = props;
  const [mode, setMode] = useState<'view' | 'edit' | 'confirm-delete'>('view');
  const [draft, setDraft] = useState<SubmissionDraft>({ text: sub.text, location: draftFrom(sub.location) });
  const [errors, setErrors] = useState<DraftErrors>({});
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const open = process.submissions_open;
  const headingId = `sub-${sub.id}`;

  const save = async (e: Event) => {
    e.preventDefault();
    const v = validateDraft(draft);
    if (!v.ok) {
      setErrors(v.errors);
      return;
    }
    setBusy(true);
    setError(null);
    try {
      const updated = await call(
        api.PATCH('/api/v1/submissions/{id}', { params: { path: { id: sub.id } }, body: { text: v.text, location: v.location } }),
      );
      setMode('view');
      setErrors({});
      props.onSaved(updated);
    } catch (err) {
      const apiErr = asApiError(err);
      setErrors(serverDraftErrors(apiErr));
      setError(apiErr);
    } finally {
      setBusy(false);
    }
  };

  const del = async () => {
    setBusy(true);
    setError(null);
    try {
      await call(api.DELETE('/api/v1/submissions/{id}', { params: { path: { id: sub.id } } }));
      props.onDeleted(sub.id);
    } catch (err) {
      setError(asApiError(err));
      setBusy(false);
    }
  };

  return (
    <li class="card stack submission" aria-labelledby={headingId}>
      <h3 id={headingId} class="submission-meta">
        {t('mine.itemHeading', { date: fmtDateTime(sub.created_at) })}
        {sub.status !== 'visible' && <span class={`badge badge-${sub.status}`}>{t(`status.${sub.status}`)}</span>}
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
                setError(null);
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
          {sub.status !== 'visible' && sub.moderation_reason && <p class="muted">{t('mine.moderationReason', { reason: sub.moderation_reason })}</p>}
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
