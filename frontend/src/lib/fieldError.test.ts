// Field errors: read from a problem body's `errors`, explained from their code in English and
// Spanish, and the server's message when the code is unknown or absent.
import { afterEach, describe, expect, it } from 'vitest';
import { localeStore } from '../i18n';
import { type FieldError, fieldText, localizeFieldError, parseFieldError } from './fieldError';

afterEach(() => localeStore.set('en'));

// Codes a newer server might send are not in the union; they must still read back.
const fe = (code: string, extra: Partial<FieldError> = {}): FieldError => ({
  field: 'text',
  message: 'the server says no',
  code: code as FieldError['code'],
  ...extra,
});

describe('parseFieldError', () => {
  it('reads field, code, message and numeric parameters', () => {
    expect(parseFieldError({ field: 'text', code: 'too_long', message: 'must be at most 5000 characters (got 5012)', max: 5000 })).toEqual({
      field: 'text',
      code: 'too_long',
      message: 'must be at most 5000 characters (got 5012)',
      max: 5000,
    });
    expect(parseFieldError({ field: 'k', message: 'old server', min: 'two' })).toEqual({ field: 'k', code: 'invalid', message: 'old server' });
    expect(parseFieldError({ field: 'k' })).toBeNull();
    expect(parseFieldError('text: bad')).toBeNull();
  });
});

describe('localizeFieldError', () => {
  it('explains a selection over its bound with the count', () => {
    const e = parseFieldError({ field: 'filter', code: 'too_many', message: '12000 submissions match', max: 10000, count: 12000 });
    expect(e).toEqual({ field: 'filter', code: 'too_many', message: '12000 submissions match', max: 10000, count: 12000 });
    expect(localizeFieldError(e!)).toBe('12,000 match; at most 10,000 at once. Narrow the filters.');
    localeStore.set('es');
    expect(localizeFieldError(e!)).toBe('Coinciden 12.000; como máximo 10.000 a la vez. Acota los filtros.');
    localeStore.set('en');
    expect(localizeFieldError(fe('too_many'))).toBe('the server says no');
  });

  it('explains every code in English', () => {
    expect(localizeFieldError(fe('required'))).toBe('This field is required.');
    expect(localizeFieldError(fe('empty'))).toBe('This field cannot be empty.');
    expect(localizeFieldError(fe('too_short', { min: 3 }))).toBe('This is too short: at least 3 characters.');
    expect(localizeFieldError(fe('too_long', { max: 5000 }))).toBe('This is too long: at most 5,000 characters.');
    expect(localizeFieldError(fe('control_chars'))).toMatch(/not allowed/);
    expect(localizeFieldError(fe('invalid_key'))).toMatch(/^Use 1–32 characters/);
    expect(localizeFieldError(fe('out_of_range', { min: 1, max: 500 }))).toBe('Enter a value from 1 to 500.');
    expect(localizeFieldError(fe('out_of_range', { min: 1 }))).toBe('Enter a value of at least 1.');
    expect(localizeFieldError(fe('out_of_range', { max: 365 }))).toBe('Enter a value of at most 365.');
    expect(localizeFieldError(fe('out_of_range'))).toBe('This value is out of range.');
    expect(localizeFieldError(fe('duplicate'))).toBe('This value is used more than once.');
    expect(localizeFieldError(fe('not_future'))).toBe('Choose a date in the future.');
    expect(localizeFieldError(fe('not_allowed'))).toBe('This value is not one of the allowed choices.');
    expect(localizeFieldError(fe('unknown_reference'))).toBe('This refers to something that does not exist here.');
    expect(localizeFieldError(fe('invalid_format'))).toBe('This is not in the expected format.');
  });

  it('explains codes in Spanish with the parameters', () => {
    localeStore.set('es');
    expect(localizeFieldError(fe('too_long', { max: 5000 }))).toBe('Es demasiado largo: como máximo 5000 caracteres.');
    expect(localizeFieldError(fe('out_of_range', { min: 1, max: 500 }))).toBe('Introduce un valor de 1 a 500.');
    expect(localizeFieldError(fe('not_future'))).toBe('Elige una fecha futura.');
  });

  it("falls back to the server's message for `invalid`, and unknown codes, and missing parameters", () => {
    expect(localizeFieldError(fe('invalid'))).toBe('the server says no');
    expect(localizeFieldError(fe('a_code_from_the_future'))).toBe('the server says no');
    expect(localizeFieldError(fe('too_long'))).toBe('the server says no');
  });

  it('passes texts the page wrote itself through', () => {
    expect(fieldText('Enter your token.')).toBe('Enter your token.');
    expect(fieldText(fe('empty'))).toBe('This field cannot be empty.');
    expect(fieldText(undefined)).toBeUndefined();
  });
});
