// One submission in the admin table: text, analysis (sentences can be re-categorised), type,
// status, place, and the moderation form.
import { useState } from 'preact/hooks';
import type { ProcessView, SubmissionView } from '../../api/client';
import { useUpdateSubmission } from '../../api/submissions';
import { fmtCoord, fmtDateTime, fmtNumber, t } from '../../i18n';
import { isAnswered, isVisible, nextModerationStatus, responseKey } from '../../lib/vocab';
import { CategorySummary, SentenceList } from '../Analysis';
import { ModerateForm } from './ModerateForm';
import { RespondForm } from './RespondForm';

export function SubmissionRow({
  sub,
  process,
  onChanged,
  onCategorised,
  onResponded,
  selected,
  selectLocked = false,
  onSelect,
  canRespond,
}: {
  sub: SubmissionView;
  process: ProcessView;
  onChanged: (s: SubmissionView) => void;
  onCategorised: (s: SubmissionView) => void;
  onResponded: (count: number) => void;
  selected: boolean;
  /** Every matching submission is selected: the box shows it and cannot be changed alone. */
  selectLocked?: boolean;
  onSelect: (on: boolean) => void;
  /** The session's role may answer submissions. */
  canRespond: boolean;
}) {
  const [open, setOpen] = useState<'moderate' | 'respond' | null>(null);
  const typeName = process.contributor_types.find((c) => c.key === sub.contributor_type)?.name ?? sub.contributor_type;
  return (
    <>
      <tr class={`status-${sub.status}`}>
        <td>
          {canRespond && (
            <input
              type="checkbox"
              checked={selected}
              disabled={selectLocked}
              onChange={(e) => onSelect(e.currentTarget.checked)}
              aria-label={t('subs.select', { id: sub.id })}
            />
          )}
        </td>
        <td class="text-cell">
          <p class="submission-text" dir="auto">{sub.text}</p>
          {sub.entered_by_admin && <span class="badge">{t('subs.paper')}</span>}
          {sub.moderation_reason && !isVisible(sub) && (
            <p class="muted">{sub.awaiting_approval ? t('subs.awaitingApproval') : t('subs.reason', { reason: sub.moderation_reason })}</p>
          )}
          <SentenceList sub={sub} categories={process.categories} admin onChanged={onCategorised} />
        </td>
        <td class="category-cell">
          <CategorySummary sub={sub} categories={process.categories} />
        </td>
        <td>{typeName}</td>
        <td>
          <span class={`badge badge-${sub.status}`}>{t(`status.${sub.status}`)}</span>{' '}
          {!!sub.reports && <span class="badge badge-flagged">{t('subs.reports', { count: sub.reports })}</span>}{' '}
          <span class={`badge response-${sub.response.status}`}>{t(responseKey(sub.response.status))}</span>
          {isAnswered(sub.response) && sub.response.reply && (
            <p class="muted reply" dir="auto">
              {sub.response.reply}
            </p>
          )}
        </td>
        <td class="num">{fmtNumber(sub.supports)}</td>
        <td>{fmtDateTime(sub.created_at)}</td>
        <td>{sub.location ? `${fmtCoord(sub.location.lat)}, ${fmtCoord(sub.location.lng)}` : '—'}</td>
        <td>
          <div class="button-row">
            <button
              type="button"
              class="btn btn-secondary btn-small"
              aria-expanded={open === 'moderate'}
              onClick={() => setOpen(open === 'moderate' ? null : 'moderate')}
            >
              {t('subs.moderate', { id: sub.id })}
            </button>
            {canRespond && (
              <button
                type="button"
                class="btn btn-secondary btn-small"
                aria-expanded={open === 'respond'}
                onClick={() => setOpen(open === 'respond' ? null : 'respond')}
              >
                {t('subs.respond', { id: sub.id })}
              </button>
            )}
          </div>
        </td>
      </tr>
      {open === 'moderate' && (
        <tr class="moderate-row">
          <td colSpan={9}>
            <ModerateOne
              sub={sub}
              onDone={(s) => {
                setOpen(null);
                onChanged(s);
              }}
              onCancel={() => setOpen(null)}
            />
          </td>
        </tr>
      )}
      {open === 'respond' && (
        <tr class="moderate-row">
          <td colSpan={9}>
            <RespondForm
              slug={process.slug}
              id={`respond-${sub.id}`}
              title={t('respond.title', { id: sub.id })}
              target={{ submission_ids: [sub.id] }}
              initial={sub.response}
              onDone={(r) => {
                setOpen(null);
                onResponded(r.submission_ids.length);
              }}
              onCancel={() => setOpen(null)}
            />
          </td>
        </tr>
      )}
    </>
  );
}

/** The row's own moderation form: one submission, through PATCH. */
function ModerateOne({ sub, onDone, onCancel }: { sub: SubmissionView; onDone: (s: SubmissionView) => void; onCancel: () => void }) {
  const { run, busy, error } = useUpdateSubmission({ onSuccess: onDone });
  return (
    <ModerateForm
      id={`mod-${sub.id}`}
      title={t('subs.moderateTitle', { id: sub.id })}
      initial={nextModerationStatus(sub.status)}
      busy={busy}
      error={error}
      onSubmit={(status, reason) => void run(sub.id, { status, reason })}
      onCancel={onCancel}
    />
  );
}
