import { useState } from 'preact/hooks';
import type { SessionInfo } from '../api/client';
import { t } from '../i18n';
import { asApiError } from '../lib/problem';
import { signIn } from '../lib/session';
import { ErrorAlert, Field } from './ui';

/** Token sign-in. The token lives only in this form's state until the request is sent. */
export function SignInForm(props: { id: string; label?: string; hint?: string; onSignedIn: (s: SessionInfo) => void }) {
  const [token, setToken] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const [reveal, setReveal] = useState(false);
  const [fieldError, setFieldError] = useState<string | undefined>();

  const submit = async (e: Event) => {
    e.preventDefault();
    if (!token.trim()) {
      setError(null);
      setFieldError(t('signIn.tokenRequired'));
      return;
    }
    setBusy(true);
    setError(null);
    setFieldError(undefined);
    try {
      const s = await signIn(token);
      setToken('');
      props.onSignedIn(s);
    } catch (err) {
      setError(asApiError(err));
    } finally {
      setBusy(false);
    }
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
