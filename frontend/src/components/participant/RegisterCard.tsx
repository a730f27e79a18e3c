import { useRef, useState } from 'preact/hooks';
import { api, call, type ProcessView } from '../../api/client';
import { copyText, ErrorAlert, focusOnMount, Notice } from '../ui';
import { t } from '../../i18n';
import { asApiError } from '../../lib/problem';
import { signIn } from '../../lib/session';
import { downloadText } from '../../lib/tokens';

/** "Get a token": choose a contributor type, see the token once, save it, continue. */
export function RegisterCard({ process }: { process: ProcessView }) {
  const [type, setType] = useState('');
  const [typeError, setTypeError] = useState<string | undefined>();
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const [token, setToken] = useState<string | null>(null);
  const [copied, setCopied] = useState<boolean | null>(null);
  const tokenRef = useRef<HTMLElement>(null);

  const register = async (e: Event) => {
    e.preventDefault();
    if (!type) {
      setTypeError(t('register.chooseType'));
      return;
    }
    setTypeError(undefined);
    setBusy(true);
    setError(null);
    try {
      const res = await call(
        api.POST('/api/v1/processes/{slug}/register', {
          params: { path: { slug: process.slug } },
          body: { contributor_type: type },
        }),
      );
      setToken(res.token);
    } catch (err) {
      const apiErr = asApiError(err);
      if (apiErr.field('contributor_type')) setTypeError(apiErr.field('contributor_type'));
      setError(apiErr);
    } finally {
      setBusy(false);
    }
  };

  const proceed = async () => {
    if (!token) return;
    setBusy(true);
    setError(null);
    try {
      await signIn(token);
      setToken(null);
    } catch (err) {
      setError(asApiError(err));
    } finally {
      setBusy(false);
    }
  };

  if (token) {
    return (
      <section class="card stack token-once" aria-labelledby="reg-done">
        <h2 id="reg-done" tabIndex={-1} ref={focusOnMount}>
          {t('register.doneTitle')}
        </h2>
        <Notice kind="warning">{t('register.saveWarning')}</Notice>
        <p>
          <code class="token" ref={tokenRef} data-testid="new-token">
            {token}
          </code>
        </p>
        <div class="button-row">
          <button
            type="button"
            class="btn btn-secondary"
            onClick={async () => setCopied(await copyText(token, tokenRef.current))}
          >
            {t('register.copy')}
          </button>
          <button
            type="button"
            class="btn btn-secondary"
            onClick={() =>
              downloadText(`${process.slug}-token.txt`, `${process.title}\n${location.origin}/p/${process.slug}\n${token}\n`, 'text/plain')
            }
          >
            {t('register.download')}
          </button>
        </div>
        <p role="status" class="muted">
          {copied === true ? t('register.copied') : copied === false ? t('register.copyFailed') : ''}
        </p>
        <ul class="guidance">
          <li>{t('register.tip1')}</li>
          <li>{t('register.tip2')}</li>
          <li>{t('register.tip3')}</li>
        </ul>
        <ErrorAlert error={error} />
        <div>
          <button type="button" class="btn btn-primary" disabled={busy} onClick={proceed}>
            {t('register.continue')}
          </button>
        </div>
      </section>
    );
  }

  return (
    <section class="card stack" aria-labelledby="reg-title">
      <h2 id="reg-title">{t('register.title')}</h2>
      <p>{t('register.intro')}</p>
      <ErrorAlert error={error} claimed={['contributor_type']} />
      <form class="stack" onSubmit={register} noValidate>
        <fieldset class={typeError ? 'field-invalid' : ''} aria-describedby={typeError ? 'reg-type-error' : undefined}>
          <legend>{t('register.typeLegend')}</legend>
          {process.contributor_types.map((ct) => (
            <label class="choice" key={ct.key}>
              <input type="radio" name="contributor_type" value={ct.key} checked={type === ct.key} onChange={() => setType(ct.key)} />
              {ct.name}
            </label>
          ))}
          {typeError && (
            <p class="field-error" id="reg-type-error">
              {typeError}
            </p>
          )}
        </fieldset>
        <div>
          <button type="submit" class="btn btn-primary" disabled={busy}>
            {t('register.submit')}
          </button>
        </div>
      </form>
    </section>
  );
}
