// Admin: a process's participant tokens — issue a batch (shown once: CSV, printable cards with
// QR codes), list and revoke them.
import { useEffect, useState } from 'preact/hooks';
import type { IssuedToken, ProcessView, TokenInfo } from '../../api/client';
import { useProcess } from '../../api/processes';
import { useIssueTokens, useRevokeToken, useTokens } from '../../api/tokens';
import { ProcessNav } from '../../components/admin/ProcessNav';
import { TokenCards } from '../../components/admin/TokenCards';
import { QueryView } from '../../components/QueryView';
import { ErrorAlert, Field, focusOnMount, Loading, Notice, PageTitle, Pager } from '../../components/ui';
import { fmtDateTime, fmtNumber, t } from '../../i18n';
import { localToIso } from '../../lib/dates';
import { useTitle } from '../../lib/title';
import { downloadText, signInLink, tokensCsv } from '../../lib/tokens';
import { isSelfRegistered, isTokenActive } from '../../lib/vocab';

const PAGE = 50;

interface Batch {
  tokens: IssuedToken[];
  contributorType: string;
  label: string;
}

export function TokensPage({ slug }: { slug: string }) {
  const proc = useProcess(slug);
  useTitle(proc.data ? `${t('tokens.title')} · ${proc.data.title}` : t('tokens.title'));
  const [offset, setOffset] = useState(0);
  const list = useTokens(slug, PAGE, offset);
  const [batch, setBatch] = useState<Batch | null>(null);

  // Plaintext tokens exist only in this page's memory: warn before leaving with them on screen.
  useEffect(() => {
    if (!batch) return;
    const warn = (e: BeforeUnloadEvent) => e.preventDefault();
    window.addEventListener('beforeunload', warn);
    return () => window.removeEventListener('beforeunload', warn);
  }, [batch]);

  return (
    <section class="page stack">
      <ProcessNav slug={slug} title={proc.data?.title} />
      <PageTitle>{t('tokens.title')}</PageTitle>
      {proc.loading && !proc.data && <Loading />}
      <ErrorAlert error={proc.error} onRetry={proc.reload} />
      {proc.data && !batch && (
        <IssueForm
          process={proc.data}
          onIssued={(b) => {
            setBatch(b);
            setOffset(0);
          }}
        />
      )}
      {proc.data && batch && <IssuedPanel process={proc.data} batch={batch} onDone={() => setBatch(null)} />}
      <section class="stack no-print" aria-labelledby="tokens-list">
        <h2 id="tokens-list">{t('tokens.listTitle')}</h2>
        <QueryView query={list} isEmpty={(page) => page.items.length === 0} empty={t('tokens.empty')}>
          {(page) =>
            proc.data && (
              <>
                <p class="muted">{t('tokens.count', { count: page.total, countText: fmtNumber(page.total) })}</p>
                <TokenTable tokens={page.items} process={proc.data} />
                <Pager total={page.total} limit={PAGE} offset={offset} onPage={setOffset} />
              </>
            )
          }
        </QueryView>
      </section>
    </section>
  );
}

function IssueForm({ process, onIssued }: { process: ProcessView; onIssued: (b: Batch) => void }) {
  const [count, setCount] = useState('10');
  const [type, setType] = useState(process.contributor_types[0]?.key ?? '');
  const [label, setLabel] = useState('');
  const [expires, setExpires] = useState('');
  const [countErr, setCountErr] = useState<string | undefined>();
  const { run, busy, error } = useIssueTokens(process.slug, {
    onSuccess: (res, body) => onIssued({ tokens: res.tokens, contributorType: body.contributor_type, label: body.label ?? '' }),
  });

  const submit = (e: Event) => {
    e.preventDefault();
    const n = Number(count);
    if (!Number.isInteger(n) || n < 1 || n > 500) {
      setCountErr(t('tokens.countRange'));
      return;
    }
    setCountErr(undefined);
    void run({ count: n, contributor_type: type, label: label.trim() || null, expires_at: localToIso(expires) ?? null });
  };

  return (
    <form class="card stack no-print" onSubmit={submit} noValidate aria-labelledby="issue-title">
      <h2 id="issue-title">{t('tokens.issueTitle')}</h2>
      <p class="hint">{t('tokens.issueIntro')}</p>
      <ErrorAlert error={error} claimed={['count', 'contributor_type', 'label', 'expires_at']} />
      <div class="grid-2">
        <Field id="issue-count" label={t('tokens.countLabel')} error={countErr ?? error?.field('count')}>
          {(aria) => <input {...aria} type="number" min={1} max={500} value={count} onInput={(e) => setCount(e.currentTarget.value)} />}
        </Field>
        <Field id="issue-type" label={t('tokens.typeLabel')} error={error?.field('contributor_type')}>
          {(aria) => (
            <select {...aria} value={type} onChange={(e) => setType(e.currentTarget.value)}>
              {process.contributor_types.map((ct) => (
                <option key={ct.key} value={ct.key}>
                  {ct.name}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field id="issue-label" label={t('tokens.labelLabel')} hint={t('tokens.labelHint')} error={error?.field('label')}>
          {(aria) => <input {...aria} type="text" value={label} maxLength={200} onInput={(e) => setLabel(e.currentTarget.value)} />}
        </Field>
        <Field id="issue-expires" label={t('tokens.expiresLabel')} hint={t('tokens.expiresHint')} error={error?.field('expires_at')}>
          {(aria) => <input {...aria} type="date" value={expires} onInput={(e) => setExpires(e.currentTarget.value)} />}
        </Field>
      </div>
      <div>
        <button type="submit" class="btn btn-primary" disabled={busy}>
          {busy ? t('tokens.issuing') : t('tokens.issue')}
        </button>
      </div>
    </form>
  );
}

function IssuedPanel({ process, batch, onDone }: { process: ProcessView; batch: Batch; onDone: () => void }) {
  const [showCards, setShowCards] = useState(false);
  const [downloaded, setDownloaded] = useState(false);
  const typeName = process.contributor_types.find((c) => c.key === batch.contributorType)?.name ?? batch.contributorType;
  const origin = location.origin;
  const download = () => {
    const csv = tokensCsv(batch.tokens, { origin, slug: process.slug, contributorType: batch.contributorType, label: batch.label });
    const stamp = new Date().toISOString().slice(0, 10);
    downloadText(`${process.slug}-tokens-${batch.contributorType}-${stamp}.csv`, csv, 'text/csv;charset=utf-8');
    setDownloaded(true);
  };
  return (
    <section class="card stack issued" aria-labelledby="issued-title">
      <h2 id="issued-title" tabIndex={-1} ref={focusOnMount} class="no-print">
        {t('tokens.issuedTitle', { count: batch.tokens.length, countText: fmtNumber(batch.tokens.length), type: typeName })}
      </h2>
      <div class="no-print stack">
        <Notice kind="warning">{t('tokens.onceWarning')}</Notice>
        <div class="button-row">
          <button type="button" class="btn btn-primary" onClick={download}>
            {t('tokens.downloadCsv')}
          </button>
          <button
            type="button"
            class="btn btn-secondary"
            onClick={() => {
              setShowCards(true);
              // Give the QR images a moment to render before the print dialog snapshots the page.
              setTimeout(() => window.print(), 400);
            }}
          >
            {t('tokens.printCards')}
          </button>
          <button type="button" class="btn btn-secondary" aria-expanded={showCards} onClick={() => setShowCards(!showCards)}>
            {showCards ? t('tokens.hideCards') : t('tokens.showCards')}
          </button>
        </div>
        <p role="status" class="status-line">
          {downloaded ? t('tokens.downloaded') : ''}
        </p>
        <details>
          <summary>{t('tokens.showPlain')}</summary>
          <ul class="token-plain">
            {batch.tokens.map((tk) => (
              <li key={tk.id}>
                <code>{tk.token}</code>
              </li>
            ))}
          </ul>
        </details>
      </div>
      {showCards && (
        <TokenCards
          title={process.title}
          typeName={typeName}
          items={batch.tokens.map((tk) => ({ token: tk.token, link: signInLink(origin, process.slug, tk.token) }))}
        />
      )}
      <div class="no-print">
        <button type="button" class="btn btn-secondary" onClick={onDone}>
          {t('tokens.done')}
        </button>
      </div>
    </section>
  );
}

function TokenTable({ tokens, process }: { tokens: TokenInfo[]; process: ProcessView }) {
  const [confirming, setConfirming] = useState<number | null>(null);
  const [message, setMessage] = useState('');
  const typeName = (k: string | null | undefined) => process.contributor_types.find((c) => c.key === k)?.name ?? k ?? '';
  const { run, error } = useRevokeToken(process.slug, {
    onSuccess: (_, id) => {
      setConfirming(null);
      setMessage(t('tokens.revoked', { hint: tokens.find((tk) => tk.id === id)?.hint ?? '' }));
    },
  });
  const revoke = (tk: TokenInfo) => void run(tk.id);
  return (
    <>
      <ErrorAlert error={error} />
      <p role="status" class="status-line">
        {message}
      </p>
      <div class="table-wrap">
        <table>
          <caption class="visually-hidden">{t('tokens.listTitle')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('tokens.colHint')}</th>
              <th scope="col">{t('tokens.colType')}</th>
              <th scope="col">{t('tokens.colLabel')}</th>
              <th scope="col">{t('tokens.colStatus')}</th>
              <th scope="col">{t('tokens.colCreated')}</th>
              <th scope="col">{t('tokens.colLastUsed')}</th>
              <th scope="col">{t('tokens.colActions')}</th>
            </tr>
          </thead>
          <tbody>
            {tokens.map((tk) => (
              <tr key={tk.id}>
                <th scope="row" class="mono">
                  …{tk.hint}
                </th>
                <td>{typeName(tk.contributor_type)}</td>
                <td>
                  {tk.label ?? ''}
                  {isSelfRegistered(tk) && <span class="badge">{t('tokens.selfRegistered')}</span>}
                </td>
                <td>
                  <span class={`badge badge-${tk.status}`}>{t(`tokenStatus.${tk.status}`)}</span>
                  {tk.expires_at && isTokenActive(tk) && <div class="muted">{t('tokens.expires', { date: fmtDateTime(tk.expires_at) })}</div>}
                </td>
                <td>{fmtDateTime(tk.created_at)}</td>
                <td>{tk.last_used_at ? fmtDateTime(tk.last_used_at) : t('tokens.never')}</td>
                <td>
                  {isTokenActive(tk) &&
                    (confirming === tk.id ? (
                      <span class="button-row">
                        <button type="button" class="btn btn-danger btn-small" onClick={() => revoke(tk)} ref={focusOnMount}>
                          {t('tokens.confirmRevoke', { hint: tk.hint })}
                        </button>
                        <button type="button" class="btn btn-secondary btn-small" onClick={() => setConfirming(null)}>
                          {t('common.cancel')}
                        </button>
                      </span>
                    ) : (
                      <button type="button" class="btn btn-danger-outline btn-small" onClick={() => setConfirming(tk.id)}>
                        {t('tokens.revoke', { hint: tk.hint })}
                      </button>
                    ))}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}
