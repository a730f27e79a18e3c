// Owner: the staff tokens — issue one with a role (shown once), list, rotate and revoke them.
import { useRef, useState } from 'preact/hooks';
import type { IssuedToken, Schemas } from '../../api/client';
import { useResetTotp } from '../../api/security';
import { useAdminTokens, useChangeAdminToken, useCreateAdminToken, useRevokeAdminToken, useRotateAdminToken } from '../../api/tokens';
import { StaffTokenForm } from '../../components/admin/StaffTokenForm';
import { QueryView } from '../../components/QueryView';
import { copyText, ErrorAlert, focusOnMount, Notice, PageTitle } from '../../components/ui';
import { fmtDateTime, t } from '../../i18n';
import { currentSession, sessionStore } from '../../lib/session';
import { useStore } from '../../lib/store';
import { useTitle } from '../../lib/title';
import { isTokenActive } from '../../lib/vocab';

export function AdminTokensPage() {
  useTitle(t('adminTokens.title'));
  const state = useStore(sessionStore);
  const me = currentSession(state)?.token_id ?? null;
  const list = useAdminTokens();
  const [created, setCreated] = useState<IssuedToken | null>(null);
  const [copied, setCopied] = useState<boolean | null>(null);
  const [confirming, setConfirming] = useState<number | null>(null);
  const [message, setMessage] = useState('');
  const tokenRef = useRef<HTMLElement>(null);
  const createToken = useCreateAdminToken({
    onSuccess: (tk) => {
      setCreated(tk);
      setCopied(null);
    },
  });
  const rotateToken = useRotateAdminToken({
    onSuccess: (tk) => {
      setCreated(tk);
      setCopied(null);
    },
  });
  const revokeToken = useRevokeAdminToken({
    onSuccess: () => {
      setConfirming(null);
      setMessage(t('adminTokens.revoked'));
    },
  });
  const [editing, setEditing] = useState<Schemas['StaffTokenInfo'] | null>(null);
  const changeToken = useChangeAdminToken({
    onSuccess: () => {
      setEditing(null);
      setMessage(t('adminTokens.changed'));
    },
  });
  const resetTotp = useResetTotp({ onSuccess: () => setMessage(t('adminTokens.totpReset')) });
  const error = createToken.error ?? revokeToken.error ?? rotateToken.error ?? resetTotp.error ?? changeToken.error;

  const create = (body: Schemas['AdminTokenCreate']) => {
    revokeToken.reset();
    rotateToken.reset();
    void createToken.run(body);
  };
  const revoke = (id: number) => {
    createToken.reset();
    rotateToken.reset();
    void revokeToken.run(id);
  };
  const rotate = (id: number) => {
    createToken.reset();
    revokeToken.reset();
    void rotateToken.run(id);
  };

  return (
    <section class="page stack">
      <PageTitle>{t('adminTokens.title')}</PageTitle>
      <p class="hint">{t('adminTokens.intro')}</p>
      <ErrorAlert error={error} claimed={['label', 'expires_at', 'role', 'processes']} />
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
      ) : editing ? (
        <StaffTokenForm
          key={editing.id}
          busy={changeToken.busy}
          error={changeToken.error}
          editing={{ token: editing, onCancel: () => setEditing(null) }}
          onSubmit={(body) => void changeToken.run(editing.id, { role: body.role!, processes: body.processes ?? [], api: body.api ?? false, read_only: body.read_only ?? false })}
        />
      ) : (
        <StaffTokenForm busy={createToken.busy} error={createToken.error} onSubmit={create} />
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
                  <th scope="col">{t('adminTokens.colRole')}</th>
                  <th scope="col">{t('adminTokens.colProcesses')}</th>
                  <th scope="col">{t('adminTokens.colSource')}</th>
                  <th scope="col">{t('tokens.colStatus')}</th>
                  <th scope="col">{t('adminTokens.colTotp')}</th>
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
                    <td>{t(`role.${tk.role}`)}</td>
                    <td>{tk.processes.length ? tk.processes.join(', ') : t('adminTokens.allProcesses')}</td>
                    <td>{tk.source}</td>
                    <td>
                      <span class={`badge badge-${tk.status}`}>{t(`tokenStatus.${tk.status}`)}</span>
                    </td>
                    <td>
                      {tk.totp_enrolled ? t('adminTokens.totpOn') : t('adminTokens.totpOff')}
                      {tk.totp_enrolled && isTokenActive(tk) && (
                        <>
                          {' '}
                          <button type="button" class="btn btn-secondary btn-small" disabled={resetTotp.busy} onClick={() => void resetTotp.run(tk.id)}>
                            {t('adminTokens.resetTotp', { hint: tk.hint })}
                          </button>
                        </>
                      )}
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
                          <span class="button-row">
                            <button
                              type="button"
                              class="btn btn-secondary btn-small"
                              onClick={() => {
                                changeToken.reset();
                                setCreated(null);
                                setEditing(tk);
                              }}
                            >
                              {t('adminTokens.change', { hint: tk.hint })}
                            </button>
                            <button type="button" class="btn btn-secondary btn-small" onClick={() => rotate(tk.id)} disabled={rotateToken.busy}>
                              {t('adminTokens.rotate', { hint: tk.hint })}
                            </button>
                            <button type="button" class="btn btn-danger-outline btn-small" onClick={() => setConfirming(tk.id)}>
                              {t('tokens.revoke', { hint: tk.hint })}
                            </button>
                          </span>
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
