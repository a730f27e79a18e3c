// The owner's form for a new staff token: label, expiry, role, the processes a process role
// may act in, and whether it is an API token (bearer use) or read-only. With `editing`, the
// same form changes an existing token's role and scope (label and expiry stay as they are).
import { useState } from 'preact/hooks';
import type { Schemas } from '../../api/client';
import { useProcesses } from '../../api/processes';
import { Field, focusOnMount } from '../ui';
import { t } from '../../i18n';
import { localToIso } from '../../lib/dates';
import { fieldText } from '../../lib/fieldError';
import type { ApiError } from '../../lib/problem';
import { isProcessRole, STAFF_ROLES } from '../../lib/vocab';

type Role = Schemas['StaffRole'];

export function StaffTokenForm(props: {
  busy: boolean;
  error: ApiError | null;
  onSubmit: (body: Schemas['AdminTokenCreate']) => void;
  editing?: { token: Schemas['StaffTokenInfo']; onCancel: () => void };
}) {
  const processes = useProcesses();
  const initial = props.editing?.token;
  const [label, setLabel] = useState('');
  const [expires, setExpires] = useState('');
  const [role, setRole] = useState<Role>(initial?.role ?? 'owner');
  const [chosen, setChosen] = useState<string[]>(initial?.processes ?? []);
  const [apiToken, setApiToken] = useState(initial?.api ?? false);
  const [readOnly, setReadOnly] = useState(initial?.read_only ?? false);
  const fe = (field: string) => props.error?.field(field);
  const scoped = isProcessRole(role);

  const submit = (e: Event) => {
    e.preventDefault();
    props.onSubmit({
      label: label.trim() || null,
      expires_at: localToIso(expires) ?? null,
      role,
      processes: scoped ? chosen : [],
      api: apiToken,
      read_only: readOnly,
    });
  };
  const toggle = (slug: string, on: boolean) => setChosen((now) => (on ? [...now, slug] : now.filter((s) => s !== slug)));

  return (
    <form class="card stack" onSubmit={submit} noValidate aria-labelledby="at-new">
      <h2 id="at-new" tabIndex={-1} ref={initial ? focusOnMount : undefined}>
        {initial ? t('adminTokens.changeTitle', { hint: initial.hint }) : t('adminTokens.newTitle')}
      </h2>
      <div class="grid-2">
        {!initial && (
          <>
            <Field id="at-label" label={t('adminTokens.labelLabel')} hint={t('adminTokens.labelHint')} error={fe('label')}>
              {(aria) => <input {...aria} type="text" value={label} onInput={(e) => setLabel(e.currentTarget.value)} />}
            </Field>
            <Field id="at-expires" label={t('tokens.expiresLabel')} hint={t('tokens.expiresHint')} error={fe('expires_at')}>
              {(aria) => <input {...aria} type="date" value={expires} onInput={(e) => setExpires(e.currentTarget.value)} />}
            </Field>
          </>
        )}
        <Field id="at-role" label={t('adminTokens.roleLabel')} error={fe('role')}>
          {(aria) => (
            <select {...aria} value={role} onChange={(e) => setRole(e.currentTarget.value as Role)}>
              {STAFF_ROLES.map((r) => (
                <option key={r} value={r}>
                  {t(`role.${r}`)}
                </option>
              ))}
            </select>
          )}
        </Field>
      </div>
      {scoped && (
        <fieldset class={fe('processes') ? 'field-invalid' : ''} aria-describedby={fe('processes') ? 'at-processes-error' : 'at-processes-hint'}>
          <legend>{t('adminTokens.processesLabel')}</legend>
          <p class="hint" id="at-processes-hint">
            {t('adminTokens.processesHint')}
          </p>
          {(processes.data ?? []).map((p) => (
            <label class="choice" key={p.slug}>
              <input type="checkbox" name="processes" value={p.slug} checked={chosen.includes(p.slug)} onChange={(e) => toggle(p.slug, e.currentTarget.checked)} />
              {p.title}
            </label>
          ))}
          {fe('processes') && (
            <p class="field-error" id="at-processes-error">
              {fieldText(fe('processes')!)}
            </p>
          )}
        </fieldset>
      )}
      <label class="choice">
        <input type="checkbox" checked={apiToken} onChange={(e) => setApiToken(e.currentTarget.checked)} />
        {t('adminTokens.apiLabel')}
      </label>
      <label class="choice">
        <input type="checkbox" checked={readOnly} onChange={(e) => setReadOnly(e.currentTarget.checked)} />
        {t('adminTokens.readOnlyLabel')}
      </label>
      <div class="button-row">
        <button type="submit" class="btn btn-primary" disabled={props.busy}>
          {initial ? t('adminTokens.saveChange') : t('adminTokens.create')}
        </button>
        {props.editing && (
          <button type="button" class="btn btn-secondary" onClick={props.editing.onCancel}>
            {t('common.cancel')}
          </button>
        )}
      </div>
    </form>
  );
}
