// Admin: near-duplicate submissions, grouped above a similarity threshold; pick the original
// and link the others to it.
import { useEffect, useState } from 'preact/hooks';
import type { ProcessView, Schemas } from '../../api/client';
import { useDuplicates, useMarkDuplicates } from '../../api/duplicates';
import { useProcess } from '../../api/processes';
import { ProcessNav } from '../../components/admin/ProcessNav';
import { Empty, ErrorAlert, Field, Loading, PageTitle } from '../../components/ui';
import { fmtNumber, t } from '../../i18n';
import { RespondForm } from '../../components/admin/RespondForm';
import { currentSession, sessionStore } from '../../lib/session';
import { useStore } from '../../lib/store';
import { applyMarks, defaultOriginal, markedOriginal, markPlan, parseThreshold, THRESHOLD_MAX, THRESHOLD_MIN, thresholdInput } from '../../lib/insights';
import { useTitle } from '../../lib/title';
import { can, isSubmissionStatus } from '../../lib/vocab';

type Group = Schemas['DuplicateGroup'];
type Member = Schemas['DuplicateMember'];

const fmtSimilarity = (n: number) => fmtNumber(n, { maximumFractionDigits: 2, minimumFractionDigits: 2 });

/** Near-duplicate submissions, grouped: pick the original and link the others to it. */
export function DuplicatesPage({ slug }: { slug: string }) {
  const proc = useProcess(slug);
  useTitle(proc.data ? `${t('dups.title')} · ${proc.data.title}` : t('dups.title'));
  // undefined: the server's default for its engine.
  const [threshold, setThreshold] = useState<number | undefined>(undefined);
  const [input, setInput] = useState('');
  const [inputError, setInputError] = useState<string | undefined>(undefined);
  const [message, setMessage] = useState('');
  const found = useDuplicates(slug, threshold);
  const data = found.data;
  // Show the threshold the server used until the admin types another.
  useEffect(() => {
    if (data && input === '') setInput(thresholdInput(data.threshold));
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [data]);

  const search = (e: Event) => {
    e.preventDefault();
    const n = parseThreshold(input);
    if (n === null) {
      setInputError(t('dups.thresholdInvalid', { min: fmtNumber(THRESHOLD_MIN), max: fmtNumber(THRESHOLD_MAX) }));
      return;
    }
    setInputError(undefined);
    setMessage('');
    if (n === threshold) found.reload();
    else setThreshold(n);
  };

  const updateGroup = (index: number, members: Member[], note: string) => {
    if (!data) return;
    const groups = data.groups.map((g, i) => (i === index ? { ...g, submissions: members } : g));
    found.setData({ ...data, groups });
    setMessage(note);
  };

  const p = proc.data;
  return (
    <section class="page stack">
      <ProcessNav slug={slug} title={p?.title} />
      <PageTitle>{t('dups.title')}</PageTitle>
      <p class="lead">{t('dups.intro')}</p>
      <ErrorAlert error={proc.error} onRetry={proc.reload} />
      <form class="card stack" onSubmit={search} noValidate aria-label={t('dups.searchLabel')}>
        <Field
          id="dup-threshold"
          label={t('dups.threshold', { min: fmtNumber(THRESHOLD_MIN), max: fmtNumber(THRESHOLD_MAX) })}
          hint={t('dups.thresholdHint')}
          error={inputError}
          class="threshold-field"
        >
          {(aria) => (
            <div class="threshold-inputs">
              <input
                {...aria}
                type="number"
                inputMode="decimal"
                min={THRESHOLD_MIN}
                max={THRESHOLD_MAX}
                step={0.01}
                value={input}
                onInput={(e) => setInput(e.currentTarget.value)}
              />
              <input
                type="range"
                aria-label={t('dups.thresholdSlider')}
                min={THRESHOLD_MIN}
                max={THRESHOLD_MAX}
                step={0.01}
                value={parseThreshold(input) ?? data?.threshold ?? THRESHOLD_MIN}
                onInput={(e) => {
                  setInput(e.currentTarget.value);
                  setInputError(undefined);
                }}
              />
            </div>
          )}
        </Field>
        <div>
          <button type="submit" class="btn btn-primary" disabled={found.loading}>
            {t('dups.search')}
          </button>
        </div>
      </form>
      <ErrorAlert error={found.error} onRetry={found.reload} />
      <p role="status" class="status-line">
        {message}
      </p>
      {found.loading && <Loading label={t('dups.searching')} />}
      {data && !found.loading && (
        <p>{t('dups.summary', { count: data.groups.length, countText: fmtNumber(data.groups.length), threshold: fmtSimilarity(data.threshold) })}</p>
      )}
      {data && p && !found.loading &&
        (data.groups.length === 0 ? (
          <Empty>{t('dups.empty')}</Empty>
        ) : (
          <ol class="card-list">
            {data.groups.map((g, i) => (
              <DuplicateGroupCard
                key={g.submissions.map((s) => s.id).join('-')}
                group={g}
                index={i}
                process={p}
                onChange={(members, note) => updateGroup(i, members, note)}
              />
            ))}
          </ol>
        ))}
    </section>
  );
}

function DuplicateGroupCard({
  group,
  index,
  process,
  onChange,
}: {
  group: Group;
  index: number;
  process: ProcessView;
  onChange: (members: Member[], note: string) => void;
}) {
  const members = group.submissions;
  const [original, setOriginal] = useState<number | null>(() => defaultOriginal(members));
  const mark = useMarkDuplicates();
  const { busy, error } = mark;
  const headingId = `dup-g-${index}`;
  const marked = markedOriginal(members);
  const typeName = (k: string) => process.contributor_types.find((c) => c.key === k)?.name ?? k;
  const statusName = (s: string) => (isSubmissionStatus(s) ? t(`status.${s}`) : s);
  const plan = original === null ? [] : markPlan(members, original);
  const canRespond = can(currentSession(useStore(sessionStore)), 'respondToSubmissions');
  const [responding, setResponding] = useState(false);

  const run = async (changes: { id: number; of: number | null }[], note: (n: number) => string) => {
    let current = members;
    const done = await mark.run(changes, (res) => {
      current = applyMarks(current, [res]);
    });
    if (done !== undefined) onChange(current, note(done));
    // Keep what did succeed on screen.
    else if (current !== members) onChange(current, '');
  };

  const markOthers = () => {
    if (original === null || plan.length === 0) return;
    const linked = plan.filter((c) => c.of !== null).length;
    void run(plan, () => t('dups.marked', { count: linked, countText: fmtNumber(linked), id: original }));
  };

  return (
    <li class="card stack dup-group" aria-labelledby={headingId}>
      <h2 id={headingId}>
        {t('dups.groupTitle', { n: fmtNumber(index + 1), count: members.length, countText: fmtNumber(members.length) })}
      </h2>
      <p class="hint">{t('dups.groupSimilarity', { similarity: fmtSimilarity(group.similarity) })}</p>
      <ErrorAlert error={error} />
      <fieldset class="stack">
        <legend>{t('dups.pickOriginal')}</legend>
        <ul class="dup-members">
          {members.map((m) => {
            const metaId = `dup-m-${m.id}-meta`;
            const isOriginal = marked === m.id;
            return (
              <li key={m.id} class={m.duplicate_of != null ? 'dup-member is-duplicate' : 'dup-member'}>
                <label class="choice">
                  <input
                    type="radio"
                    name={`dup-original-${index}`}
                    value={m.id}
                    checked={original === m.id}
                    disabled={busy}
                    aria-describedby={metaId}
                    onChange={() => setOriginal(m.id)}
                  />
                  <span class="submission-text" dir="auto">
                    {m.text}
                  </span>
                </label>
                <p class="sentence-meta dup-meta" id={metaId}>
                  {t('dups.submissionId', { id: m.id })} · {typeName(m.contributor_type)} · {statusName(m.status)}
                  {isOriginal && ' '}
                  {isOriginal && <span class="badge badge-active">{t('dups.badgeOriginal')}</span>}
                  {m.duplicate_of != null && ' '}
                  {m.duplicate_of != null && <span class="badge badge-duplicate">{t('dups.badgeDuplicate', { id: m.duplicate_of })}</span>}
                </p>
                {m.duplicate_of != null && (
                  <div>
                    <button
                      type="button"
                      class="btn btn-secondary btn-small"
                      disabled={busy}
                      onClick={() => void run([{ id: m.id, of: null }], () => t('dups.unmarked', { id: m.id }))}
                    >
                      {t('dups.undo', { id: m.id })}
                    </button>
                  </div>
                )}
              </li>
            );
          })}
        </ul>
      </fieldset>
      <div class="button-row">
        <button type="button" class="btn btn-primary" disabled={busy || original === null || plan.length === 0} onClick={markOthers} aria-describedby={headingId}>
          {original === null ? t('dups.markOthersNone') : t('dups.markOthers', { id: original })}
        </button>
        {original !== null && plan.length === 0 && <span class="hint">{t('dups.allMarked')}</span>}
        {canRespond && marked !== null && (
          <button type="button" class="btn btn-secondary" aria-expanded={responding} onClick={() => setResponding(!responding)}>
            {t('dups.respond', { id: marked })}
          </button>
        )}
      </div>
      {responding && marked !== null && (
        <RespondForm
          slug={process.slug}
          id={`respond-group-${index}`}
          title={t('dups.respond', { id: marked })}
          target={{ submission_ids: [marked], include_duplicates: true }}
          onDone={(r) => {
            setResponding(false);
            onChange(members, t('respond.done', { count: r.submission_ids.length }));
          }}
          onCancel={() => setResponding(false)}
        />
      )}
    </li>
  );
}
