// Training: a process's training runs (start, activate, roll back) and its training examples
// (add, delete).
import { api, call, type Schemas } from './client';
import { processPath } from './processes';
import { queryKey, useMutation, useQuery } from './query';

const runsPath = (slug: string) => `${processPath(slug)}/training-runs`;
const examplesPath = (slug: string) => `${processPath(slug)}/training-examples`;

export function useTrainingRuns(slug: string) {
  return useQuery(queryKey('/api/v1/processes/{slug}/training-runs', { path: { slug } }), () =>
    call(api.GET('/api/v1/processes/{slug}/training-runs', { params: { path: { slug } } })),
  );
}

/** Starts a training run; answers the run and the job to follow. */
export function useStartTraining(slug: string, opts: { onSuccess?: (r: Schemas['StartedRun']) => void } = {}) {
  return useMutation(() => call(api.POST('/api/v1/processes/{slug}/training-runs', { params: { path: { slug } } })), {
    invalidates: [runsPath(slug)],
    ...opts,
  });
}

export function useActivateRun(slug: string, opts: { onSuccess?: (r: unknown, id: number) => void } = {}) {
  return useMutation((id: number) => call(api.POST('/api/v1/training-runs/{id}/activate', { params: { path: { id } } })), {
    invalidates: [runsPath(slug)],
    ...opts,
  });
}

/** Back to the previous model (or the default one). */
export function useRollback(slug: string, opts: { onSuccess?: (r: Schemas['ActiveModel']) => void } = {}) {
  return useMutation(() => call(api.POST('/api/v1/processes/{slug}/model/rollback', { params: { path: { slug } } })), {
    invalidates: [runsPath(slug)],
    ...opts,
  });
}

export function useTrainingExamples(slug: string) {
  return useQuery(queryKey('/api/v1/processes/{slug}/training-examples', { path: { slug } }), () =>
    call(api.GET('/api/v1/processes/{slug}/training-examples', { params: { path: { slug } } })),
  );
}

export function useAddExample(slug: string, opts: { onSuccess?: () => void } = {}) {
  return useMutation(
    (body: Schemas['ExampleCreate']) => call(api.POST('/api/v1/processes/{slug}/training-examples', { params: { path: { slug } }, body })),
    { invalidates: [examplesPath(slug)], ...opts },
  );
}

export function useDeleteExample(slug: string, opts: { onSuccess?: () => void } = {}) {
  return useMutation((id: number) => call(api.DELETE('/api/v1/training-examples/{id}', { params: { path: { id } } })), {
    invalidates: [examplesPath(slug)],
    ...opts,
  });
}
