// Client-side mirrors of the server's text rules, for live feedback only (the server decides).

export const MAX_SUBMISSION_CHARS = 5000;

/** Characters as the server counts them: trimmed, CRLF as one, Unicode scalar values. */
export function countChars(text: string): number {
  return [...text.trim().replace(/\r\n/g, '\n')].length;
}

/** A slug as the backend accepts it for processes. */
export function slugify(title: string): string {
  return title
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 64)
    .replace(/-+$/g, '');
}
