// Validation errors of single fields: the wire shape of a problem's `errors[]` (a machine code
// with its parameters, and the English message), and the text shown in the reader's language.
import type { components } from '../api/schema.gen';
import { t } from '../i18n';

/** One element of a problem document's `errors` array, as the spec defines it. */
export type FieldError = components['schemas']['FieldError'];

/** A field's error: from the server, or a text the page wrote itself (already translated). */
export type FieldMessage = FieldError | string;

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const num = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);

/** Reads one element of `errors`, or null when it is not a field error. */
export function parseFieldError(v: unknown): FieldError | null {
  if (!isRecord(v) || typeof v.field !== 'string' || typeof v.message !== 'string') return null;
  // A code this client does not know yet reads as `invalid`: its message is shown.
  const code = typeof v.code === 'string' ? (v.code as FieldError['code']) : 'invalid';
  const e: FieldError = { field: v.field, code, message: v.message };
  const min = num(v.min);
  const max = num(v.max);
  const count = num(v.count);
  if (min !== undefined) e.min = min;
  if (max !== undefined) e.max = max;
  if (count !== undefined) e.count = count;
  return e;
}

/** The error in the reader's language, from its code and parameters; else the server's message. */
export function localizeFieldError(e: FieldError): string {
  const min = typeof e.min === 'number' ? e.min : undefined;
  const max = typeof e.max === 'number' ? e.max : undefined;
  switch (e.code) {
    case 'required':
      return t('validation.required');
    case 'empty':
      return t('validation.empty');
    case 'too_short':
      return min !== undefined ? t('validation.tooShort', { min }) : e.message;
    case 'too_long':
      return max !== undefined ? t('validation.tooLong', { max }) : e.message;
    case 'control_chars':
      return t('validation.controlChars');
    case 'invalid_key':
      return t('validation.key');
    case 'out_of_range':
      if (min !== undefined && max !== undefined) return t('validation.between', { min, max });
      if (min !== undefined) return t('validation.atLeast', { min });
      if (max !== undefined) return t('validation.atMost', { max });
      return t('validation.outOfRange');
    case 'duplicate':
      return t('validation.duplicate');
    case 'not_future':
      return t('validation.notFuture');
    case 'not_allowed':
      return t('validation.notAllowed');
    case 'unknown_reference':
      return t('validation.unknownReference');
    case 'invalid_format':
      return t('validation.invalidFormat');
    case 'too_many':
      return max !== undefined && typeof e.count === 'number' ? t('validation.tooMany', { count: e.count, max }) : e.message;
    default:
      // `invalid`, a code newer than this page, or none: the server's own words.
      return e.message;
  }
}

/** The text to show for a field's error, whichever side found it. */
export function fieldText(e: FieldMessage | undefined): string | undefined {
  if (e === undefined) return undefined;
  return typeof e === 'string' ? e : localizeFieldError(e);
}
