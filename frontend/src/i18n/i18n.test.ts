// Tests: every catalogue complete and valid ICU, language negotiation, direction and formatting.
import { IntlMessageFormat } from 'intl-messageformat';
import { parse, TYPE, type MessageFormatElement } from '@formatjs/icu-messageformat-parser';
import { describe, expect, it } from 'vitest';
import { directionOf, format, LOCALES, negotiate } from './index';
import en from './messages/en.json';
import es from './messages/es.json';

/** The argument names a message uses, including those inside plural/select branches. */
function argumentsOf(elements: MessageFormatElement[], out = new Set<string>()): Set<string> {
  for (const el of elements) {
    if (el.type === TYPE.literal || el.type === TYPE.pound) continue;
    if ('value' in el && typeof el.value === 'string') out.add(el.value);
    if (el.type === TYPE.plural || el.type === TYPE.select) {
      for (const opt of Object.values(el.options)) argumentsOf(opt.value, out);
    }
    if (el.type === TYPE.tag) argumentsOf(el.children, out);
  }
  return out;
}

const catalogues: Record<string, Record<string, string>> = { en, es };

describe('message catalogues', () => {
  const keys = Object.keys(en).sort();

  for (const [lang, messages] of Object.entries(catalogues)) {
    it(`${lang} has every key and no extra ones`, () => {
      const missing = keys.filter((k) => !(k in messages));
      const extra = Object.keys(messages).filter((k) => !(k in en));
      expect(missing, `missing in ${lang}`).toEqual([]);
      expect(extra, `unknown keys in ${lang}`).toEqual([]);
    });

    it(`${lang} messages are valid ICU, non-empty, with the same arguments as English`, () => {
      for (const key of keys) {
        const msg = messages[key]!;
        expect(msg.trim(), `${lang}:${key} is empty`).not.toBe('');
        const args = argumentsOf(parse(msg));
        const enArgs = argumentsOf(parse(en[key as keyof typeof en]));
        expect([...args].sort(), `${lang}:${key} arguments`).toEqual([...enArgs].sort());
        expect(() => new IntlMessageFormat(msg, lang)).not.toThrow();
      }
    });
  }

  it('every locale offered in the switcher is complete', () => {
    for (const [code, info] of Object.entries(LOCALES)) {
      expect(Object.keys(info.messages).length, code).toBe(keys.length);
    }
  });
});

describe('formatting', () => {
  it('uses ICU plurals', () => {
    expect(format('en', 'mine.count', { count: 0, countText: '0' })).toBe('You have no submissions yet.');
    expect(format('en', 'mine.count', { count: 1, countText: '1' })).toBe('You have 1 submission.');
    expect(format('en', 'mine.count', { count: 1200, countText: '1,200' })).toBe('You have 1,200 submissions.');
    expect(format('es', 'mine.count', { count: 1, countText: '1' })).toBe('Tienes 1 aportación.');
    expect(format('es', 'submit.count', { count: 3, countText: '3', maxText: '5.000' })).toBe('3 de 5.000 caracteres');
  });

  it('formats numbers inside messages for the language', () => {
    expect(format('en', 'validation.tooLong', { max: 5000 })).toContain('5,000');
    expect(format('es', 'validation.tooLong', { max: 5000 })).toContain('5000');
  });

  it('falls back to English for a key a partial catalogue lacks', () => {
    expect(format('xx', 'nav.signOut')).toBe('Sign out');
  });
});

describe('language choice', () => {
  it('follows the browser preferences, by exact tag then base language', () => {
    expect(negotiate(['es-MX', 'en'], ['en', 'es'])).toBe('es');
    expect(negotiate(['fr-FR', 'es'], ['en', 'es'])).toBe('es');
    expect(negotiate(['fr-FR'], ['en', 'es'])).toBe('en');
    expect(negotiate([], ['en', 'es'])).toBe('en');
  });

  it('knows which languages are written right to left', () => {
    expect(directionOf('ar')).toBe('rtl');
    expect(directionOf('he-IL')).toBe('rtl');
    expect(directionOf('es')).toBe('ltr');
  });
});

describe('regional formatting', () => {
  it('uses the browser region of the chosen language for dates and numbers', async () => {
    const { formatLocale } = await import('./index');
    expect(formatLocale('en', ['en-GB', 'es'])).toBe('en-GB');
    expect(formatLocale('es', ['en-GB', 'es-MX'])).toBe('es-MX');
    expect(formatLocale('es', ['en-GB'])).toBe('es');
  });
});
