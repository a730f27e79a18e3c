// The admin list's filter form and the filters the API takes from it: one conversion for the
// list itself, its exports and the bulk actions on "every submission matching".
import type { SubmissionStatus } from '../api/client';
import type { SubmissionQuery } from '../api/submissions';
import type { SubmissionSort } from './vocab';
import { dayEndExclusive, dayStart } from './dates';

/** The filters as the API takes them: the list's query without its paging, which is also what
 *  exports and a bulk action's `filter` take. */
export type SubmissionFilters = Omit<SubmissionQuery, 'sort' | 'limit' | 'offset' | 'after'>;

/** The filter form's fields, as typed (dates are local days, the rest text). */
export interface Filters {
  status: '' | SubmissionStatus;
  contributor_type: string;
  q: string;
  from: string;
  to: string;
  category: string;
  confidence_below: string;
  /** Participants' reports: any, only reported ones, only the others. */
  reported: '' | 'true' | 'false';
  sort: SubmissionSort;
}

export const noFilters: Filters = {
  status: '',
  contributor_type: '',
  q: '',
  from: '',
  to: '',
  category: '',
  confidence_below: '',
  reported: '',
  sort: 'newest',
};

/** The form's filters for the API: empty fields left out (the order is not a filter). */
export function apiFilters(f: Filters): SubmissionFilters {
  const out: SubmissionFilters = {};
  if (f.status) out.status = f.status;
  if (f.contributor_type) out.contributor_type = f.contributor_type;
  if (f.q.trim()) out.q = f.q.trim();
  const from = dayStart(f.from);
  const to = dayEndExclusive(f.to);
  if (from) out.created_from = from;
  if (to) out.created_to = to;
  if (f.category) out.category = f.category;
  if (f.confidence_below) out.confidence_below = Number(f.confidence_below);
  if (f.reported) out.reported = f.reported === 'true';
  return out;
}

/** Whether the form narrows the list at all (the order alone does not). */
export function isFiltered(f: Filters): boolean {
  return Object.keys(apiFilters(f)).length > 0;
}
