// Small shared building blocks: fields with labels and errors, alerts, loading and empty states.
import type { ComponentChildren, JSX } from 'preact';
import { useEffect, useRef } from 'preact/hooks';
import { fmtNumber, fmtWait, t } from '../i18n';
import { type FieldMessage, fieldText } from '../lib/fieldError';
import { ApiError, asApiError } from '../lib/problem';
import { isNetworkProblem, problemCodeKey } from '../lib/vocab';

export function problemMessage(err: ApiError): string {
  const wait = err.retryAfter !== null ? fmtWait(err.retryAfter) : null;
  const own = problemCodeKey(err.code);
  switch (true) {
    case isNetworkProblem(err.code) || err.status === 0:
      return t('error.network');
    case err.status === 429:
      return wait ? t('error.rateLimited', { wait }) : t('error.rateLimitedNoTime');
    case err.status === 503:
      return wait ? t('error.busy', { wait }) : t('error.busyNoTime');
    case own !== null:
      return t(own);
    case err.status === 401:
      return t('error.unauthenticated');
    case err.status === 403:
      return t('error.forbidden');
    case err.status === 404:
      return t('error.notFound');
    case err.status === 409:
      return err.detail ? t('error.conflictDetail', { detail: err.detail }) : t('error.conflict');
    case err.status === 413:
      return t('error.tooLarge');
    case err.status === 422 || err.status === 400:
      return t('error.validation');
    case err.status >= 500:
      return err.requestId ? t('error.serverWithId', { id: err.requestId }) : t('error.server');
    default:
      return err.detail ?? err.message;
  }
}

/** An error from the API, explained; 429/503 say when to retry. */
export function ErrorAlert({ error, claimed = [], onRetry }: { error: unknown; claimed?: string[]; onRetry?: () => void }) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    ref.current?.focus();
  }, [error]);
  if (!error) return null;
  const err = asApiError(error);
  const extra = err.unclaimed(claimed);
  return (
    <div class="alert alert-error" role="alert" tabIndex={-1} ref={ref}>
      <p>{problemMessage(err)}</p>
      {extra.length > 0 && (
        <ul>
          {extra.map((m) => (
            <li key={m}>{m}</li>
          ))}
        </ul>
      )}
      {onRetry && (
        <button type="button" class="btn btn-secondary" onClick={onRetry}>
          {t('common.retry')}
        </button>
      )}
    </div>
  );
}

export function Notice({ kind = 'info', children }: { kind?: 'info' | 'success' | 'warning'; children: ComponentChildren }) {
  return (
    <div class={`alert alert-${kind}`} role={kind === 'success' ? 'status' : undefined}>
      {children}
    </div>
  );
}

export function Loading({ label }: { label?: string }) {
  return (
    <p class="loading" role="status">
      <span class="spinner" aria-hidden="true" />
      {label ?? t('common.loading')}
    </p>
  );
}

export function Empty({ children }: { children: ComponentChildren }) {
  return <p class="empty">{children}</p>;
}

export function describedBy(...ids: (string | false | null | undefined)[]): string | undefined {
  const list = ids.filter(Boolean).join(' ');
  return list || undefined;
}

/** A labelled control with an optional hint and the API's error for that field. */
export function Field(props: {
  id: string;
  label: ComponentChildren;
  hint?: ComponentChildren;
  error?: FieldMessage | undefined;
  children: (aria: { id: string; 'aria-describedby'?: string; 'aria-invalid'?: 'true' }) => JSX.Element;
  class?: string;
}) {
  const hintId = props.hint ? `${props.id}-hint` : null;
  const errId = props.error ? `${props.id}-error` : null;
  return (
    <div class={`field${props.error ? ' field-invalid' : ''}${props.class ? ` ${props.class}` : ''}`}>
      <label for={props.id}>{props.label}</label>
      {props.hint && (
        <p class="hint" id={hintId!}>
          {props.hint}
        </p>
      )}
      {props.children({
        id: props.id,
        ...(describedBy(hintId, errId) ? { 'aria-describedby': describedBy(hintId, errId)! } : {}),
        ...(props.error ? { 'aria-invalid': 'true' as const } : {}),
      })}
      {props.error && (
        <p class="field-error" id={errId!}>
          {fieldText(props.error)}
        </p>
      )}
    </div>
  );
}

/** Previous/next pages. `more`: `total` is only a lower bound (a text search stops counting),
 * so the page count reads "20+" and "next" stays available past it. */
export function Pager({
  total,
  more = false,
  limit,
  offset,
  onPage,
}: {
  total: number;
  more?: boolean;
  limit: number;
  offset: number;
  onPage: (offset: number) => void;
}) {
  if (total <= limit && offset === 0 && !more) return null;
  const page = Math.floor(offset / limit) + 1;
  const pages = Math.max(page, Math.ceil(total / limit));
  return (
    <nav class="pager" aria-label={t('pager.label')}>
      <button type="button" class="btn btn-secondary" disabled={offset === 0} onClick={() => onPage(Math.max(0, offset - limit))}>
        {t('pager.previous')}
      </button>
      <span>{t('pager.status', { page: fmtNumber(page), pages: more ? `${fmtNumber(pages)}+` : fmtNumber(pages) })}</span>
      <button type="button" class="btn btn-secondary" disabled={!more && offset + limit >= total} onClick={() => onPage(offset + limit)}>
        {t('pager.next')}
      </button>
    </nav>
  );
}

/** Copies text and says so; falls back to selecting the text for a manual copy. */
export async function copyText(text: string, fallbackTarget?: HTMLElement | null): Promise<boolean> {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    if (fallbackTarget) {
      const range = document.createRange();
      range.selectNodeContents(fallbackTarget);
      const sel = window.getSelection();
      sel?.removeAllRanges();
      sel?.addRange(range);
    }
    return false;
  }
}

export function PageTitle({ children, dir }: { children: ComponentChildren; dir?: 'auto' }) {
  return (
    <h1 tabIndex={-1} class="page-title" dir={dir}>
      {children}
    </h1>
  );
}

/** A stable ref callback that focuses an element once, when it appears. */
export function focusOnMount(el: HTMLElement | null): void {
  el?.focus();
}
