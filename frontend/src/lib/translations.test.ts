// Tests: a process's texts in the reader's language, falling back field by field, and the
// admin form's drafts turned into request bodies.
import { describe, expect, it } from 'vitest';
import { draftOf, localizeProcess, statusNameIn, textLanguage, translationsOf, translationsPatchOf } from './translations';

const process = {
  slug: 'p1',
  title: 'What should the riverfront become?',
  prompt: 'Tell us.',
  categories: [
    { key: 'vision', name: 'Vision', description: 'A future' },
    { key: 'problem', name: 'Problem', description: '' },
  ],
  translations: { es: { title: '¿Qué debería ser la ribera?', category_names: { vision: 'Visión' } } },
};

describe('localizeProcess', () => {
  it('shows the version of the reader language and the base text where it has none', () => {
    const es = localizeProcess(process, 'es');
    expect(es.title).toBe('¿Qué debería ser la ribera?');
    expect(es.prompt).toBe('Tell us.');
    expect(es.categories.map((c) => c.name)).toEqual(['Visión', 'Problem']);
    expect(es.categories[0]!.description).toBe('A future');
    expect(es.slug).toBe('p1');
  });

  it('matches regional variants and leaves other languages on the base text', () => {
    expect(localizeProcess(process, 'es-MX').title).toBe('¿Qué debería ser la ribera?');
    expect(localizeProcess(process, 'en')).toBe(process);
    expect(localizeProcess(process, 'fr')).toBe(process);
    expect(localizeProcess({ ...process, translations: undefined }, 'es')).toEqual({ ...process, translations: undefined });
  });

  it('knows the UI languages only', () => {
    expect(textLanguage('ES_es')).toBe('es');
    expect(textLanguage('de-DE')).toBeNull();
  });
});

describe('statusNameIn', () => {
  const settings = { names: { accepted: "We'll do it", received: 'Got it' }, names_by_language: { es: { accepted: 'Lo haremos' } } };
  it('prefers the reader language, then the base name, then nothing', () => {
    expect(statusNameIn(settings, 'accepted', 'es')).toBe('Lo haremos');
    expect(statusNameIn(settings, 'received', 'es')).toBe('Got it');
    expect(statusNameIn(settings, 'accepted', 'en')).toBe("We'll do it");
    expect(statusNameIn(settings, 'not_taken_forward', 'es')).toBeUndefined();
    expect(statusNameIn(null, 'accepted', 'es')).toBeUndefined();
  });
});

describe('drafts', () => {
  it('leave blanks and names of removed categories out', () => {
    const draft = draftOf(process.translations);
    draft.es.prompt = '   ';
    draft.es.names.problem = 'Problema';
    draft.es.names.gone = 'Ya no';
    expect(translationsOf(draft, ['vision', 'problem'])).toEqual({
      es: { title: '¿Qué debería ser la ribera?', category_names: { vision: 'Visión', problem: 'Problema' } },
    });
  });

  it('send a language without text as null when changing a process', () => {
    const draft = draftOf({ en: { title: 'Riverfront' } });
    draft.en.title = '';
    expect(translationsPatchOf(draft, [])).toEqual({ en: null, es: null });
  });
});
