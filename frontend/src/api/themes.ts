// Themes across a process's sentences: read them, compute them (a background job), rename one,
// answer one as a whole.
import { api, call, type Schemas } from './client';
import { processPath } from './processes';
import { queryKey, setQueryData, useMutation, useQuery } from './query';

type ThemeList = Schemas['ThemeList'];

const themesKey = (slug: string) => queryKey('/api/v1/processes/{slug}/themes', { path: { slug } });

export function useThemes(slug: string) {
  return useQuery(themesKey(slug), () => call(api.GET('/api/v1/processes/{slug}/themes', { params: { path: { slug } } })));
}

/** Starts computing themes (`k` of them, or as many as fit); answers the job to follow. */
export function useComputeThemes(slug: string, opts: { onSuccess?: (job: Schemas['JobView']) => void } = {}) {
  return useMutation((k: number | undefined) => call(api.POST('/api/v1/processes/{slug}/themes', { params: { path: { slug } }, body: k === undefined ? {} : { k } })), opts);
}

/** Renames a theme (`null` restores the generated name) and shows the new name in the list. */
export function useRenameTheme(slug: string, opts: { onSuccess?: (theme: Schemas['ThemeView'], label: string | null) => void } = {}) {
  return useMutation((id: number, label: string | null) => call(api.PATCH('/api/v1/themes/{id}', { params: { path: { id } }, body: { label } })), {
    ...opts,
    onSuccess: (theme, _id, label) => {
      setQueryData<ThemeList>(themesKey(slug), (list) => (list ? { ...list, themes: list.themes.map((x) => (x.id === theme.id ? theme : x)) } : list!));
      opts.onSuccess?.(theme, label);
    },
  });
}

export type ThemeRespondRequest = Schemas['ThemeRespondRequest'];

/** Answers every submission of a theme (and, asked to, their duplicates) with one response. */
export function useAnswerTheme(slug: string, opts: { onSuccess?: (r: Schemas['RespondResult']) => void } = {}) {
  return useMutation(
    (id: number, body: ThemeRespondRequest) => call(api.PUT('/api/v1/processes/{slug}/themes/{id}/response', { params: { path: { slug, id } }, body })),
    { invalidates: [`${processPath(slug)}/submissions`, `${processPath(slug)}/duplicates`, `${processPath(slug)}/analytics`], ...opts },
  );
}
