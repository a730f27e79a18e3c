// Self-registration: choose a contributor type, get a token (shown once), then sign in with it.
import { useRef, useState } from 'preact/hooks';
import type { ProcessView } from '../../api/client';
import { useMutation } from '../../api/query';
import { useRegister } from '../../api/tokens';
import { copyText, ErrorAlert, focusOnMount, Notice } from '../ui';
import { t } from '../../i18n';
import { type FieldMessage, fieldText } from '../../lib/fieldError';
import { signIn } from '../../lib/session';
import { downloadText } from '../../lib/tokens';

/** "Get a token": choose a contributor type, see the token once, save it, continue. */
export function RegisterCard({ process }: { process: ProcessView }) {
  const [type, setType] = useState('');
  const [typeError, setTypeError] = useState<FieldMessage | undefined>();
  const [token, setToken] = useState<string | null>(null);
  const [copied, setCopied] = useState<boolean | null>(null);
  const tokenRef = useRef<HTMLElement>(null);
  const registration = useRegister(process.slug, {
    onSuccess: (res) => setToken(res.token),
    onError: (err) => {
      const fe = err.field('contributor_type');
      if (fe) setTypeError(fe);
    },
  });
  const signingIn = useMutation(signIn, { onSuccess: () => setToken(null) });
  const busy = registration.busy || signingIn.busy;
  const error = signingIn.error ?? registration.error;

  const register = (e: Event) => {
    e.preventDefault();
    if (!type) {
      setTypeError(t('register.chooseType'));
      return;
    }
    setTypeError(undefined);
    signingIn.reset();
    void registration.run(type);
  };

  const proceed = () => {
    if (!token) return;
    registration.reset();
    void signingIn.run(token);
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
              {fieldText(typeError)}
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
