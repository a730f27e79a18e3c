// RFC 7807 problem documents from the API, turned into something the UI can explain.
import { type FieldError, parseFieldError } from './fieldError';
import { PROBLEM, type ProblemCode } from './vocab';

export interface ProblemInit {
  status: number;
  code: ProblemCode;
  title?: string;
  detail?: string | null;
  fieldErrors?: Record<string, FieldError>;
  retryAfter?: number | null;
  requestId?: string | null;
}

export class ApiError extends Error {
  readonly status: number;
  readonly code: ProblemCode;
  readonly detail: string | null;
  readonly fieldErrors: Record<string, FieldError>;
  readonly retryAfter: number | null;
  readonly requestId: string | null;

  constructor(init: ProblemInit) {
    super(init.title ?? init.code);
    this.name = 'ApiError';
    this.status = init.status;
    this.code = init.code;
    this.detail = init.detail ?? null;
    this.fieldErrors = init.fieldErrors ?? {};
    this.retryAfter = init.retryAfter ?? null;
    this.requestId = init.requestId ?? null;
  }

  /** The error of one field, also matching nested names (`location.lat` for `location`). */
  field(name: string): FieldError | undefined {
    if (this.fieldErrors[name]) return this.fieldErrors[name];
    const nested = Object.keys(this.fieldErrors).find((k) => k.startsWith(`${name}.`));
    return nested ? this.fieldErrors[nested] : undefined;
  }

  /** Field errors no form field on the page claims, to show in the summary. */
  unclaimed(claimed: readonly string[]): string[] {
    return Object.entries(this.fieldErrors)
      .filter(([k]) => !claimed.some((c) => k === c || k.startsWith(`${c}.`)))
      .map(([k, v]) => `${k}: ${v.message}`);
  }
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Parses a Retry-After header: delta seconds or an HTTP date. */
export function parseRetryAfter(header: string | null, now: number = Date.now()): number | null {
  if (!header) return null;
  const trimmed = header.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed);
  const at = Date.parse(trimmed);
  if (Number.isNaN(at)) return null;
  return Math.max(0, Math.ceil((at - now) / 1000));
}

export function toApiError(status: number, body: unknown, retryAfterHeader: string | null): ApiError {
  const header = parseRetryAfter(retryAfterHeader);
  if (!isRecord(body)) {
    return new ApiError({
      status,
      code: status === 429 ? PROBLEM.rateLimited : status === 503 ? PROBLEM.serviceBusy : `http_${status}`,
      title: typeof body === 'string' && body ? body.slice(0, 200) : `HTTP ${status}`,
      retryAfter: header,
    });
  }
  const fieldErrors: Record<string, FieldError> = {};
  if (Array.isArray(body.errors)) {
    for (const raw of body.errors) {
      const e = parseFieldError(raw);
      // Keep the first error per field; later ones are usually consequences.
      if (e) fieldErrors[e.field] ??= e;
    }
  }
  const retry = typeof body.retry_after === 'number' ? body.retry_after : header;
  return new ApiError({
    status,
    // The server's codes are the spec's enum; a newer server's unknown code still reads as one.
    code: typeof body.code === 'string' ? (body.code as ProblemCode) : `http_${status}`,
    title: typeof body.title === 'string' ? body.title : `HTTP ${status}`,
    detail: typeof body.detail === 'string' ? body.detail : null,
    fieldErrors,
    retryAfter: retry,
    requestId: typeof body.request_id === 'string' ? body.request_id : null,
  });
}

export function asApiError(e: unknown): ApiError {
  if (e instanceof ApiError) return e;
  return new ApiError({ status: 0, code: PROBLEM.clientError, title: e instanceof Error ? e.message : String(e) });
}
