// A process's texts in the reader's language: title, prompt, category names and response status
// names come from the version for the UI's language when it has one, else from the base text,
// field by field. And the admin form's drafts of those versions, turned into request bodies.
import type { ResponseStatus, Schemas } from '../api/client';

export type Translations = Schemas['Translations'];
export type ProcessText = Schemas['ProcessText'];
export type TextLanguage = keyof Translations & string;

/** The languages a process's texts can be written in: the UI's. */
export const TEXT_LANGUAGES = ['en', 'es'] as const satisfies readonly TextLanguage[];

/** The language of `locale` (`es-MX` → `es`) when a process can have texts in it. */
export function textLanguage(locale: string): TextLanguage | null {
  const base = locale.toLowerCase().split(/[-_]/)[0] ?? '';
  return (TEXT_LANGUAGES as readonly string[]).includes(base) ? (base as TextLanguage) : null;
}

/** The process's texts written for `locale`, if any. */
export function textIn(translations: Translations | null | undefined, locale: string): ProcessText | null {
  const lang = textLanguage(locale);
  return (lang && translations?.[lang]) || null;
}

interface Localisable {
  title: string;
  prompt: string;
  categories: readonly Schemas['Category'][];
  translations?: Translations | null | undefined;
}

/** The process as a reader in `locale` sees it: each text in that language, else the base one. */
export function localizeProcess<P extends Localisable>(p: P, locale: string): P {
  const text = textIn(p.translations, locale);
  if (!text) return p;
  const names = text.category_names ?? {};
  return {
    ...p,
    title: text.title || p.title,
    prompt: text.prompt || p.prompt,
    categories: p.categories.map((c) => (names[c.key] ? { ...c, name: names[c.key]! } : c)),
  };
}

type StatusNames = Partial<Record<ResponseStatus, string>>;
interface NamedStatuses {
  names?: StatusNames | null;
  names_by_language?: Partial<Record<TextLanguage, StatusNames | null>> | null;
}

/** The process's own name for `status` in `locale`, else its base name; undefined when it has none. */
export function statusNameIn(settings: NamedStatuses | null | undefined, status: ResponseStatus, locale: string): string | undefined {
  const lang = textLanguage(locale);
  return (lang && settings?.names_by_language?.[lang]?.[status]) || settings?.names?.[status] || undefined;
}

// The admin form: one draft per language, blank fields meaning "no version, show the base".

export interface TextDraft {
  title: string;
  prompt: string;
  /** Category key → name. */
  names: Record<string, string>;
}
export type TranslationsDraft = Record<TextLanguage, TextDraft>;

export function draftOf(translations: Translations | null | undefined): TranslationsDraft {
  const one = (text: ProcessText | null | undefined): TextDraft => ({
    title: text?.title ?? '',
    prompt: text?.prompt ?? '',
    names: { ...(text?.category_names ?? {}) },
  });
  return { en: one(translations?.en), es: one(translations?.es) };
}

/** One language's texts with blanks left out, and names only of the categories given; null when nothing is left. */
function textOf(draft: TextDraft, categoryKeys: readonly string[]): ProcessText | null {
  const text: ProcessText = {};
  if (draft.title.trim()) text.title = draft.title;
  if (draft.prompt.trim()) text.prompt = draft.prompt;
  const names = Object.fromEntries(Object.entries(draft.names).filter(([k, v]) => categoryKeys.includes(k) && v.trim() !== ''));
  if (Object.keys(names).length) text.category_names = names;
  return Object.keys(text).length ? text : null;
}

/** For creating a process: the languages that have some text. */
export function translationsOf(draft: TranslationsDraft, categoryKeys: readonly string[]): Translations {
  const out: Translations = {};
  for (const lang of TEXT_LANGUAGES) {
    const text = textOf(draft[lang], categoryKeys);
    if (text) out[lang] = text;
  }
  return out;
}

/** For changing a process: every language, a language without text as null so the server removes it. */
export function translationsPatchOf(draft: TranslationsDraft, categoryKeys: readonly string[]): Schemas['TranslationsPatch'] {
  const out: Schemas['TranslationsPatch'] = {};
  for (const lang of TEXT_LANGUAGES) out[lang] = textOf(draft[lang], categoryKeys);
  return out;
}
