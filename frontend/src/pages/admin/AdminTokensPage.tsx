// Admin: the admin tokens — create one (shown once), list and revoke them.
import { useRef, useState } from 'preact/hooks';
import type { IssuedToken } from '../../api/client';
import { useAdminTokens, useCreateAdminToken, useRevokeAdminToken } from '../../api/tokens';
import { QueryView } from '../../components/QueryView';
import { copyText, ErrorAlert, Field, focusOnMount, Notice, PageTitle } from '../../components/ui';
import { fmtDateTime, t } from '../../i18n';
import { localToIso } from '../../lib/dates';
import { currentSession, sessionStore } from '../../lib/session';
import { useStore } from '../../lib/store';
import { useTitle } from '../../lib/title';
import { isTokenActive } from '../../lib/vocab';

export function AdminTokensPage() {
  useTitle(t('adminTokens.title'));
  const state = useStore(sessionStore);
  const me = currentSession(state)?.token_id ?? null;
  const list = useAdminTokens();
  const [label, setLabel] = useState('');
  const [expires, setExpires] = useState('');
  const [created, setCreated] = useState<IssuedToken | null>(null);
  const [copied, setCopied] = useState<boolean | null>(null);
  const [confirming, setConfirming] = useState<number | null>(null);
  const [message, setMessage] = useState('');
  const tokenRef = useRef<HTMLElement>(null);
  const createToken = useCreateAdminToken({
    onSuccess: (tk) => {
      setCreated(tk);
      setCopied(null);
      setLabel('');
      setExpires('');
    },
  });
  const revokeToken = useRevokeAdminToken({
    onSuccess: () => {
      setConfirming(null);
      setMessage(t('adminTokens.revoked'));
    },
  });
  const error = createToken.error ?? revokeToken.error;

  const create = (e: Event) => {
    e.preventDefault();
    revokeToken.reset();
    void createToken.run({ label: label.trim() || null, expires_at: localToIso(expires) ?? null });
  };
  const revoke = (id: number) => {
    createToken.reset();
    void revokeToken.run(id);
  };

  return (
    <section class="page stack">
      <PageTitle>{t('adminTokens.title')}</PageTitle>
      <p class="hint">{t('adminTokens.intro')}</p>
      <ErrorAlert error={error} claimed={['label', 'expires_at']} />
      {created ? (
        <section class="card stack token-once" aria-labelledby="at-created">
          <h2 id="at-created" tabIndex={-1} ref={focusOnMount}>
            {t('adminTokens.createdTitle')}
          </h2>
          <Notice kind="warning">{t('adminTokens.onceWarning')}</Notice>
          <p>
            <code class="token" ref={tokenRef}>
              {created.token}
            </code>
          </p>
          <div class="button-row">
            <button type="button" class="btn btn-secondary" onClick={async () => setCopied(await copyText(created.token, tokenRef.current))}>
              {t('register.copy')}
            </button>
            <button type="button" class="btn btn-primary" onClick={() => setCreated(null)}>
              {t('tokens.done')}
            </button>
          </div>
          <p role="status" class="muted">
            {copied === true ? t('register.copied') : copied === false ? t('register.copyFailed') : ''}
          </p>
        </section>
      ) : (
        <form class="card stack" onSubmit={create} noValidate aria-labelledby="at-new">
          <h2 id="at-new">{t('adminTokens.newTitle')}</h2>
          <div class="grid-2">
            <Field id="at-label" label={t('adminTokens.labelLabel')} hint={t('adminTokens.labelHint')} error={error?.field('label')}>
              {(aria) => <input {...aria} type="text" value={label} onInput={(e) => setLabel(e.currentTarget.value)} />}
            </Field>
            <Field id="at-expires" label={t('tokens.expiresLabel')} hint={t('tokens.expiresHint')} error={error?.field('expires_at')}>
              {(aria) => <input {...aria} type="date" value={expires} onInput={(e) => setExpires(e.currentTarget.value)} />}
            </Field>
          </div>
          <div>
            <button type="submit" class="btn btn-primary" disabled={createToken.busy}>
              {t('adminTokens.create')}
            </button>
          </div>
        </form>
      )}
      <p role="status" class="status-line">
        {message}
      </p>
      <h2>{t('adminTokens.listTitle')}</h2>
      <QueryView query={list} empty={t('adminTokens.empty')} spinner="always">
        {(tokens) => (
          <div class="table-wrap">
            <table>
              <caption class="visually-hidden">{t('adminTokens.listTitle')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('tokens.colHint')}</th>
                  <th scope="col">{t('tokens.colLabel')}</th>
                  <th scope="col">{t('adminTokens.colSource')}</th>
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
                      {tk.id === me && <span class="badge">{t('adminTokens.current')}</span>}
                    </th>
                    <td>{tk.label ?? ''}</td>
                    <td>{tk.source}</td>
                    <td>
                      <span class={`badge badge-${tk.status}`}>{t(`tokenStatus.${tk.status}`)}</span>
                    </td>
                    <td>{fmtDateTime(tk.created_at)}</td>
                    <td>{tk.last_used_at ? fmtDateTime(tk.last_used_at) : t('tokens.never')}</td>
                    <td>
                      {isTokenActive(tk) &&
                        (confirming === tk.id ? (
                          <span class="button-row">
                            <button type="button" class="btn btn-danger btn-small" onClick={() => revoke(tk.id)} ref={focusOnMount}>
                              {tk.id === me ? t('adminTokens.confirmRevokeSelf') : t('tokens.confirmRevoke', { hint: tk.hint })}
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
        )}
      </QueryView>
    </section>
  );
}
