// The token sign-in form (start page, admin sign-in, a process's page).
import { useState } from 'preact/hooks';
import type { SessionInfo } from '../api/client';
import { useMutation } from '../api/query';
import { t } from '../i18n';
import { signIn } from '../lib/session';
import { ErrorAlert, Field } from './ui';

/** Token sign-in. The token lives only in this form's state until the request is sent. */
export function SignInForm(props: { id: string; label?: string; hint?: string; onSignedIn: (s: SessionInfo) => void }) {
  const [token, setToken] = useState('');
  const [reveal, setReveal] = useState(false);
  const [fieldError, setFieldError] = useState<string | undefined>();
  const { run, busy, error, reset } = useMutation(signIn, {
    onSuccess: (s) => {
      setToken('');
      props.onSignedIn(s);
    },
  });

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
