// Admin: read-only results links — create one (the address is shown once), list and revoke.
import { useRef, useState } from 'preact/hooks';
import type { Schemas } from '../../api/client';
import { useProcess } from '../../api/processes';
import { useCreateShareLink, useRevokeShareLink, useShareLinks } from '../../api/sharing';
import { ProcessNav } from '../../components/admin/ProcessNav';
import { QueryView } from '../../components/QueryView';
import { copyText, ErrorAlert, Field, focusOnMount, Notice, PageTitle } from '../../components/ui';
import { fmtDateTime, t } from '../../i18n';
import { useTitle } from '../../lib/title';
import { isLinkActive, linkStatusKey } from '../../lib/vocab';

type ShareLinkInfo = Schemas['ShareLinkInfo'];
type NewShareLink = Schemas['NewShareLink'];

/** Read-only results links: create (the address is shown once), list and revoke. */
export function SharingPage({ slug }: { slug: string }) {
  const proc = useProcess(slug);
  useTitle(proc.data ? `${t('sharing.title')} · ${proc.data.title}` : t('sharing.title'));
  const links = useShareLinks(slug);
  const [label, setLabel] = useState('');
  const [days, setDays] = useState('30');
  const [daysErr, setDaysErr] = useState<string | undefined>();
  const [created, setCreated] = useState<NewShareLink | null>(null);
  const [message, setMessage] = useState('');
  const urlRef = useRef<HTMLElement>(null);
  const { run, busy, error } = useCreateShareLink(slug, {
    onSuccess: (link) => {
      setCreated(link);
      setLabel('');
      setMessage('');
    },
  });

  const create = (e: Event) => {
    e.preventDefault();
    const n = Number(days);
    if (!Number.isInteger(n) || n < 1 || n > 365) {
      setDaysErr(t('sharing.daysError'));
      return;
    }
    setDaysErr(undefined);
    void run({ label: label.trim() || null, expires_in_days: n });
  };

  const url = created ? `${location.origin}${created.path}` : '';
  return (
    <section class="page stack">
      <ProcessNav slug={slug} title={proc.data?.title} />
      <PageTitle>{t('sharing.title')}</PageTitle>
      <p class="lead">{t('sharing.intro')}</p>
      <ErrorAlert error={proc.error} onRetry={proc.reload} />
      <p role="status" class="status-line">
        {message}
      </p>
      {created ? (
        <section class="card stack" aria-labelledby="share-new">
          <h2 id="share-new" tabIndex={-1} ref={focusOnMount}>
            {t('sharing.newTitle')}
          </h2>
          <Notice kind="warning">{t('sharing.onlyOnce')}</Notice>
          <code class="share-url" ref={urlRef} data-testid="share-url">
            {url}
          </code>
          <p class="muted">{t('sharing.expires', { date: fmtDateTime(created.expires_at) })}</p>
          <div class="button-row">
            <button
              type="button"
              class="btn btn-primary"
              onClick={async () => setMessage((await copyText(url, urlRef.current)) ? t('sharing.copied') : t('sharing.copyManually'))}
            >
              {t('sharing.copy')}
            </button>
            <button type="button" class="btn btn-secondary" onClick={() => setCreated(null)}>
              {t('sharing.done')}
            </button>
          </div>
        </section>
      ) : (
        <form class="card stack" onSubmit={create} noValidate aria-labelledby="share-create">
          <h2 id="share-create">{t('sharing.createTitle')}</h2>
          <ErrorAlert error={error} claimed={['label', 'expires_in_days']} />
          <Field id="share-label" label={t('sharing.label')} hint={t('sharing.labelHint')} error={error?.field('label')}>
            {(aria) => <input {...aria} type="text" maxLength={200} value={label} onInput={(e) => setLabel(e.currentTarget.value)} />}
          </Field>
          <Field id="share-days" label={t('sharing.days')} error={daysErr ?? error?.field('expires_in_days')}>
            {(aria) => <input {...aria} type="number" min={1} max={365} value={days} onInput={(e) => setDays(e.currentTarget.value)} />}
          </Field>
          <div>
            <button type="submit" class="btn btn-primary" disabled={busy}>
              {t('sharing.create')}
            </button>
          </div>
        </form>
      )}
      <section class="stack" aria-labelledby="share-list">
        <h2 id="share-list">{t('sharing.listTitle')}</h2>
        <QueryView query={links} empty={t('sharing.empty')}>
          {(list) => (
            <div class="table-wrap">
              <table>
                <caption class="visually-hidden">{t('sharing.listTitle')}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t('sharing.label')}</th>
                    <th scope="col">{t('subs.colStatus')}</th>
                    <th scope="col">{t('sharing.created')}</th>
                    <th scope="col">{t('sharing.expiresCol')}</th>
                    <th scope="col">{t('training.actions')}</th>
                  </tr>
                </thead>
                <tbody>
                  {list.map((l) => (
                    <LinkRow key={l.id} slug={slug} link={l} onRevoked={() => setMessage(t('sharing.revoked'))} />
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </QueryView>
      </section>
    </section>
  );
}

function LinkRow({ slug, link, onRevoked }: { slug: string; link: ShareLinkInfo; onRevoked: () => void }) {
  const [confirming, setConfirming] = useState(false);
  const { run, busy, error } = useRevokeShareLink(slug, { onSuccess: onRevoked });
  const name = link.label || t('sharing.unlabelled');
  const statusText = t(linkStatusKey(link.status));
  const revoke = async () => {
    await run(link.id);
    setConfirming(false);
  };
  return (
    <tr>
      <td>{name}</td>
      <td>
        <span class={`badge badge-${link.status}`}>{statusText}</span>
      </td>
      <td>{fmtDateTime(link.created_at)}</td>
      <td>{fmtDateTime(link.revoked_at ?? link.expires_at)}</td>
      <td class="actions">
        <ErrorAlert error={error} />
        {isLinkActive(link) &&
          (confirming ? (
            <div class="button-row">
              <button type="button" class="btn btn-danger btn-small" disabled={busy} onClick={revoke} ref={focusOnMount}>
                {t('sharing.confirmRevoke', { name })}
              </button>
              <button type="button" class="btn btn-secondary btn-small" onClick={() => setConfirming(false)}>
                {t('common.cancel')}
              </button>
            </div>
          ) : (
            <button type="button" class="btn btn-danger-outline btn-small" onClick={() => setConfirming(true)}>
              {t('sharing.revoke', { name })}
            </button>
          ))}
      </td>
    </tr>
  );
}
