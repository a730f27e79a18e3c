// Message catalogue with ICU MessageFormat (plurals, selects, numbers) via intl-messageformat.
// Every UI string goes through t(); keys are type-checked against the English catalogue.
import { IntlMessageFormat } from 'intl-messageformat';
import en from './messages/en.json';
import es from './messages/es.json';
import { createStore } from '../lib/store';

export type MessageKey = keyof typeof en;
export type Catalogue = Record<MessageKey, string>;
export type Values = Record<string, string | number | Date>;

export interface LocaleInfo {
  /** The language's own name, shown in the switcher. */
  name: string;
  dir: 'ltr' | 'rtl';
  messages: Partial<Catalogue>;
}

export const LOCALES: Record<string, LocaleInfo> = {
  en: { name: 'English', dir: 'ltr', messages: en },
  es: { name: 'Español', dir: 'ltr', messages: es as Partial<Catalogue> },
};

export const DEFAULT_LOCALE = 'en';
const STORAGE_KEY = 'planner.lang';

/** Right-to-left scripts, so a catalogue added later for one of these flips the layout. */
const RTL_LANGUAGES = new Set(['ar', 'fa', 'he', 'ur', 'ps', 'dv', 'yi', 'ckb', 'sd', 'ug']);

export function directionOf(locale: string): 'ltr' | 'rtl' {
  const base = locale.toLowerCase().split(/[-_]/)[0] ?? '';
  return LOCALES[base]?.dir ?? (RTL_LANGUAGES.has(base) ? 'rtl' : 'ltr');
}

/** Picks the first supported language from the user's preferences (exact, then base). */
export function negotiate(preferred: readonly string[], supported: readonly string[]): string {
  for (const tag of preferred) {
    const lower = tag.toLowerCase();
    if (supported.includes(lower)) return lower;
    const base = lower.split(/[-_]/)[0] ?? '';
    if (supported.includes(base)) return base;
  }
  return DEFAULT_LOCALE;
}

function initialLocale(): string {
  const supported = Object.keys(LOCALES);
  try {
    const saved = localStorage.getItem(STORAGE_KEY);
    if (saved && supported.includes(saved)) return saved;
  } catch {
    // Storage can be blocked; the browser language still works.
  }
  return negotiate(browserLanguages(), supported);
}

export const localeStore = createStore<string>(initialLocale());

const formatCache = new Map<string, IntlMessageFormat>();

/** Formats one message in a given locale, falling back to English for a missing key. */
export function format(locale: string, key: MessageKey, values?: Values): string {
  const own = LOCALES[locale]?.messages[key];
  const source = own ?? en[key];
  const lang = own ? locale : DEFAULT_LOCALE;
  const cacheKey = `${lang}\u0000${key}`;
  let fmt = formatCache.get(cacheKey);
  if (!fmt) {
    fmt = new IntlMessageFormat(source, lang);
    formatCache.set(cacheKey, fmt);
  }
  const out = fmt.format(values);
  return Array.isArray(out) ? out.join('') : String(out);
}

export function t(key: MessageKey, values?: Values): string {
  return format(localeStore.get(), key, values);
}

export function setLocale(locale: string): void {
  if (!LOCALES[locale]) return;
  try {
    localStorage.setItem(STORAGE_KEY, locale);
  } catch {
    // Not fatal: the choice just won't survive a reload.
  }
  localeStore.set(locale);
}

export function applyDocumentLocale(locale: string): void {
  document.documentElement.lang = locale;
  document.documentElement.dir = directionOf(locale);
}

// Intl helpers: every date and number on screen goes through these. They use the browser's
// regional variant of the chosen language when there is one (en-GB dates for a British English
// browser), else the language itself.
export function formatLocale(locale: string = localeStore.get(), preferred: readonly string[] = browserLanguages()): string {
  const match = preferred.find((tag) => tag.toLowerCase().split(/[-_]/)[0] === locale);
  try {
    return match ? Intl.getCanonicalLocales(match)[0]! : locale;
  } catch {
    return locale;
  }
}

function browserLanguages(): readonly string[] {
  return typeof navigator !== 'undefined' ? (navigator.languages ?? [navigator.language]) : [];
}

export function fmtNumber(n: number, opts?: Intl.NumberFormatOptions): string {
  return new Intl.NumberFormat(formatLocale(), opts).format(n);
}

/** A share (0..1) as a whole percentage: "42 %". */
export function fmtPct(share: number): string {
  return fmtNumber(share, { style: 'percent', maximumFractionDigits: 0 });
}

export function fmtDateTime(iso: string | null | undefined): string {
  if (!iso) return '';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return new Intl.DateTimeFormat(formatLocale(), { dateStyle: 'medium', timeStyle: 'short' }).format(d);
}

export function fmtDate(iso: string | Date): string {
  const d = typeof iso === 'string' ? new Date(iso) : iso;
  return new Intl.DateTimeFormat(formatLocale(), { dateStyle: 'medium' }).format(d);
}

export function fmtCoord(n: number): string {
  return new Intl.NumberFormat(formatLocale(), { maximumFractionDigits: 5, minimumFractionDigits: 5 }).format(n);
}

/** "in 2 minutes" style text for a wait of `seconds`. */
export function fmtWait(seconds: number): string {
  const rtf = new Intl.RelativeTimeFormat(formatLocale(), { numeric: 'auto' });
  if (seconds < 90) return rtf.format(Math.max(1, Math.round(seconds)), 'second');
  if (seconds < 90 * 60) return rtf.format(Math.round(seconds / 60), 'minute');
  return rtf.format(Math.round(seconds / 3600), 'hour');
}

/** A calendar date such as an analytics bucket start (`2026-05-12`, a UTC day). */
export function fmtDay(date: string): string {
  const d = new Date(`${date}T00:00:00Z`);
  if (Number.isNaN(d.getTime())) return date;
  return new Intl.DateTimeFormat(formatLocale(), { dateStyle: 'medium', timeZone: 'UTC' }).format(d);
}

/** "parking, bikes and trees": a list joined the way the language does it. */
export function fmtList(items: readonly string[], type: 'conjunction' | 'unit' = 'unit'): string {
  try {
    return new Intl.ListFormat(formatLocale(), { style: 'long', type }).format(items);
  } catch {
    return items.join(', ');
  }
}
