// The states of a query on screen, in one place: loading, the explained error with a retry
// button, "nothing here yet", and otherwise its data.
import type { ComponentChildren } from 'preact';
import type { Query } from '../api/query';
import { Empty, ErrorAlert, Loading } from './ui';

const isEmptyList = (data: unknown): boolean => Array.isArray(data) && data.length === 0;

export function QueryView<T>(props: {
  query: Query<T>;
  children: (data: T) => ComponentChildren;
  /** Shown instead of the data when `isEmpty(data)` (by default: an empty array). */
  empty?: ComponentChildren;
  isEmpty?: (data: T) => boolean;
  /** `initial` (default): a spinner until the first answer; `always`: also while refreshing. */
  spinner?: 'initial' | 'always';
  loadingLabel?: string;
}) {
  const { query, empty, isEmpty = isEmptyList, spinner = 'initial' } = props;
  const data = query.data;
  return (
    <>
      {query.loading && (spinner === 'always' || data === undefined) && <Loading label={props.loadingLabel} />}
      <ErrorAlert error={query.error} onRetry={query.reload} />
      {data !== undefined && (empty !== undefined && isEmpty(data) ? <Empty>{empty}</Empty> : props.children(data))}
    </>
  );
}
