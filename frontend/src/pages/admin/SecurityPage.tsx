// Two-step sign-in: every staff member sets up their own authenticator app here (a QR code and
// the secret as text, confirmed with a current code, then ten recovery codes shown once); the
// owner also decides whether all staff must.
import { useEffect, useState } from 'preact/hooks';
import type { Schemas } from '../../api/client';
import { useConfirmTotp, useSecuritySettings, useStartTotp, useUpdateSecuritySettings } from '../../api/security';
import { QueryView } from '../../components/QueryView';
import { ErrorAlert, Field, focusOnMount, Notice, PageTitle } from '../../components/ui';
import { t } from '../../i18n';
import { currentSession, sessionStore } from '../../lib/session';
import { useStore } from '../../lib/store';
import { useTitle } from '../../lib/title';
import { can } from '../../lib/vocab';

export function SecurityPage() {
  useTitle(t('security.title'));
  const session = currentSession(useStore(sessionStore));
  const [recoveryCodes, setRecoveryCodes] = useState<string[] | null>(null);
  return (
    <section class="page narrow stack">
      <PageTitle>{t('security.title')}</PageTitle>
      {session?.must_enrol && <Notice kind="warning">{t('security.mustEnrol')}</Notice>}
      <p class="hint">{t('security.intro')}</p>
      {recoveryCodes ? (
        <RecoveryCodesCard codes={recoveryCodes} onDone={() => setRecoveryCodes(null)} />
      ) : session?.totp_enrolled ? (
        <Notice kind="success">{t('security.enrolled')}</Notice>
      ) : (
        <Enrolment onEnrolled={setRecoveryCodes} />
      )}
      {can(session, 'updateSecuritySettings') && <RequireSetting />}
    </section>
  );
}

function Enrolment({ onEnrolled }: { onEnrolled: (codes: string[]) => void }) {
  const [enrolment, setEnrolment] = useState<Schemas['TotpEnrolment'] | null>(null);
  const [qr, setQr] = useState<string | null>(null);
  const [code, setCode] = useState('');
  const start = useStartTotp({ onSuccess: setEnrolment });
  const confirm = useConfirmTotp({ onSuccess: (r) => onEnrolled(r.recovery_codes) });
  useEffect(() => {
    if (!enrolment) return;
    let cancelled = false;
    import('qrcode')
      .then((QRCode) => QRCode.toDataURL(enrolment.otpauth_uri, { errorCorrectionLevel: 'M', margin: 1, width: 200 }))
      .then(
        (url) => !cancelled && setQr(url),
        () => !cancelled && setQr(null),
      );
    return () => {
      cancelled = true;
    };
  }, [enrolment]);
  if (!enrolment) {
    return (
      <div class="stack">
        <ErrorAlert error={start.error} />
        <div>
          <button type="button" class="btn btn-primary" disabled={start.busy} onClick={() => void start.run()}>
            {t('security.start')}
          </button>
        </div>
      </div>
    );
  }
  const submit = (e: Event) => {
    e.preventDefault();
    void confirm.run(code.replace(/\s/g, ''));
  };
  return (
    <section class="card stack" aria-labelledby="totp-setup">
      <h2 id="totp-setup" tabIndex={-1} ref={focusOnMount}>
        {t('security.setupTitle')}
      </h2>
      <p>{t('security.scan')}</p>
      {qr ? <img src={qr} width={200} height={200} alt={t('security.qrAlt')} /> : <div class="qr-placeholder" aria-hidden="true" />}
      <p>
        {t('security.secretLabel')} <code class="totp-secret mono">{enrolment.secret}</code>
      </p>
      <form class="stack" onSubmit={submit} noValidate>
        <ErrorAlert error={confirm.error} claimed={['code']} />
        <Field id="totp-code" label={t('signIn.codeLabel')} hint={t('security.codeHint')} error={confirm.error?.fieldErrors.code}>
          {(aria) => (
            <input
              {...aria}
              type="text"
              inputMode="numeric"
              autoComplete="one-time-code"
              value={code}
              onInput={(e) => setCode(e.currentTarget.value)}
            />
          )}
        </Field>
        <div>
          <button type="submit" class="btn btn-primary" disabled={confirm.busy}>
            {t('security.confirm')}
          </button>
        </div>
      </form>
    </section>
  );
}

function RecoveryCodesCard({ codes, onDone }: { codes: string[]; onDone: () => void }) {
  return (
    <section class="card stack token-once" aria-labelledby="totp-recovery">
      <h2 id="totp-recovery" tabIndex={-1} ref={focusOnMount}>
        {t('security.recoveryTitle')}
      </h2>
      <Notice kind="warning">{t('security.recoveryWarning')}</Notice>
      <ul class="recovery-codes mono">
        {codes.map((c) => (
          <li key={c}>{c}</li>
        ))}
      </ul>
      <div>
        <button type="button" class="btn btn-primary" onClick={onDone}>
          {t('tokens.done')}
        </button>
      </div>
    </section>
  );
}

function RequireSetting() {
  const settings = useSecuritySettings();
  const update = useUpdateSecuritySettings();
  return (
    <section class="stack" aria-labelledby="totp-require">
      <h2 id="totp-require">{t('security.requireTitle')}</h2>
      <ErrorAlert error={update.error} />
      <QueryView query={settings}>
        {(s) => (
          <label class="choice">
            <input
              type="checkbox"
              checked={s.require_totp}
              disabled={update.busy}
              onChange={(e) => void update.run({ require_totp: e.currentTarget.checked })}
            />{' '}
            {t('security.require')}
          </label>
        )}
      </QueryView>
    </section>
  );
}
