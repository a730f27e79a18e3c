// The token sign-in form (start page, admin sign-in, a process's page), with the second step
// for staff tokens that have a second factor.
import { useState } from 'preact/hooks';
import type { SessionInfo } from '../api/client';
import { useMutation } from '../api/query';
import { t } from '../i18n';
import { signIn, verifySecondFactor } from '../lib/session';
import { ErrorAlert, Field, focusOnMount } from './ui';

/** Token sign-in. The token lives only in this form's state until the request is sent. */
export function SignInForm(props: { id: string; label?: string; hint?: string; onSignedIn: (s: SessionInfo) => void }) {
  const [token, setToken] = useState('');
  const [reveal, setReveal] = useState(false);
  const [fieldError, setFieldError] = useState<string | undefined>();
  const [secondStep, setSecondStep] = useState(false);
  const { run, busy, error, reset } = useMutation(signIn, {
    onSuccess: (result) => {
      setToken('');
      if ('session' in result) props.onSignedIn(result.session);
      else setSecondStep(true);
    },
  });

  if (secondStep) return <SecondFactorForm id={`${props.id}-2fa`} onSignedIn={props.onSignedIn} onRestart={() => setSecondStep(false)} />;

  const submit = (e: Event) => {
    e.preventDefault();
    if (!token.trim()) {
      reset();
      setFieldError(t('signIn.tokenRequired'));
      return;
    }
    setFieldError(undefined);
    void run(token);
  };
  return (
    <form class="stack" onSubmit={submit} noValidate>
      <ErrorAlert error={error} claimed={['token']} />
      <Field id={props.id} label={props.label ?? t('signIn.tokenLabel')} hint={props.hint ?? t('signIn.tokenHint')} error={fieldError}>
        {(aria) => (
          <div class="input-with-button">
            <input
              {...aria}
              type={reveal ? 'text' : 'password'}
              name="token"
              autoComplete="off"
              autoCapitalize="off"
              spellcheck={false}
              value={token}
              onInput={(e) => setToken(e.currentTarget.value)}
            />
            <button type="button" class="btn btn-secondary" aria-pressed={reveal} onClick={() => setReveal(!reveal)}>
              {reveal ? t('signIn.hide') : t('signIn.show')}
            </button>
          </div>
        )}
      </Field>
      <div>
        <button type="submit" class="btn btn-primary" disabled={busy}>
          {busy ? t('signIn.signingIn') : t('signIn.submit')}
        </button>
      </div>
    </form>
  );
}

/** The second step: the authenticator app's current code, or one of the recovery codes. */
function SecondFactorForm(props: { id: string; onSignedIn: (s: SessionInfo) => void; onRestart: () => void }) {
  const [recovery, setRecovery] = useState(false);
  const [value, setValue] = useState('');
  const [fieldError, setFieldError] = useState<string | undefined>();
  const { run, busy, error, reset } = useMutation(verifySecondFactor, { onSuccess: props.onSignedIn });
  const submit = (e: Event) => {
    e.preventDefault();
    if (!value.trim()) {
      reset();
      setFieldError(t('signIn.codeRequired'));
      return;
    }
    setFieldError(undefined);
    void run(recovery ? { recovery_code: value.trim() } : { code: value.replace(/\s/g, '') });
  };
  const expired = error?.code === 'sign_in_not_pending';
  return (
    <form class="stack" onSubmit={submit} noValidate>
      <h2 tabIndex={-1} ref={focusOnMount}>
        {t('signIn.secondFactorTitle')}
      </h2>
      <ErrorAlert error={error} claimed={['code', 'recovery_code']} />
      <Field
        id={props.id}
        label={recovery ? t('signIn.recoveryCodeLabel') : t('signIn.codeLabel')}
        hint={recovery ? t('signIn.recoveryCodeHint') : t('signIn.codeHint')}
        error={fieldError}
      >
        {(aria) => (
          <input
            {...aria}
            type="text"
            name={recovery ? 'recovery_code' : 'code'}
            inputMode={recovery ? 'text' : 'numeric'}
            autoComplete="one-time-code"
            autoCapitalize="off"
            spellcheck={false}
            value={value}
            onInput={(e) => setValue(e.currentTarget.value)}
          />
        )}
      </Field>
      <div class="button-row">
        {expired ? (
          <button type="button" class="btn btn-primary" onClick={props.onRestart}>
            {t('signIn.restart')}
          </button>
        ) : (
          <button type="submit" class="btn btn-primary" disabled={busy}>
            {busy ? t('signIn.signingIn') : t('signIn.verify')}
          </button>
        )}
        <button
          type="button"
          class="btn btn-secondary"
          onClick={() => {
            setRecovery(!recovery);
            setValue('');
            setFieldError(undefined);
            reset();
          }}
        >
          {recovery ? t('signIn.useCode') : t('signIn.useRecoveryCode')}
        </button>
      </div>
    </form>
  );
}
