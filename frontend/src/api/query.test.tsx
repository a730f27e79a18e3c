// The query layer: cache hits, one request for concurrent readers, invalidation by prefix,
// and mutations' busy and error states.
import { render } from 'preact';
import { act } from 'preact/test-utils';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ApiError } from '../lib/problem';
import { clearQueries, invalidate, type Mutation, type Query, queryKey, useMutation, useQuery } from './query';

afterEach(() => clearQueries());

/** A fetcher whose answers the test releases by hand. */
function deferred<T>() {
  const calls: { resolve: (v: T) => void; reject: (e: unknown) => void }[] = [];
  const fn = vi.fn(() => new Promise<T>((resolve, reject) => calls.push({ resolve, reject })));
  return { fn, calls };
}

const flush = () => act(async () => {
  await new Promise((r) => setTimeout(r, 0));
});

function mount(node: preact.ComponentChild) {
  const root = document.createElement('div');
  act(() => render(node, root));
  return { root, unmount: () => act(() => render(null, root)) };
}

function Reader({ k, fetcher, keep, out }: { k: string | null; fetcher: () => Promise<string>; keep?: boolean; out: { q?: Query<string> } }) {
  out.q = useQuery(k, fetcher, { keep: !!keep });
  return <p>{out.q.data ?? ''}</p>;
}

describe('queryKey', () => {
  it('fills the path and orders parameters, leaving out undefined ones', () => {
    expect(queryKey('/api/v1/processes/{slug}', { path: { slug: 'a b' } })).toBe('GET /api/v1/processes/a%20b');
    expect(queryKey('/api/v1/x', { query: { b: 1, a: undefined, c: 'z' } })).toBe(queryKey('/api/v1/x', { query: { c: 'z', b: 1 } }));
    expect(queryKey('/api/v1/x', { query: { b: 1 } })).not.toBe(queryKey('/api/v1/x', { query: { b: 2 } }));
  });
});

describe('useQuery', () => {
  it('loads, then serves a kept answer from the cache without asking again', async () => {
    const { fn, calls } = deferred<string>();
    const out: { q?: Query<string> } = {};
    const first = mount(<Reader k="GET /p/a" fetcher={fn} keep out={out} />);
    expect(out.q!.loading).toBe(true);
    calls[0]!.resolve('A');
    await flush();
    expect(first.root.textContent).toBe('A');
    expect(out.q!.loading).toBe(false);
    first.unmount();

    const again = mount(<Reader k="GET /p/a" fetcher={fn} keep out={out} />);
    expect(again.root.textContent).toBe('A');
    expect(out.q!.loading).toBe(false);
    await flush();
    expect(fn).toHaveBeenCalledTimes(1);
  });

  it('fetches again after the last reader left when the answer is not kept', async () => {
    const fn = vi.fn(async () => 'x');
    const out: { q?: Query<string> } = {};
    mount(<Reader k="GET /list" fetcher={fn} out={out} />).unmount();
    await flush();
    mount(<Reader k="GET /list" fetcher={fn} out={out} />);
    await flush();
    expect(fn).toHaveBeenCalledTimes(2);
  });

  it('sends one request for readers that ask at the same time', async () => {
    const { fn, calls } = deferred<string>();
    const a: { q?: Query<string> } = {};
    const b: { q?: Query<string> } = {};
    const { root } = mount(
      <>
        <Reader k="GET /p/a" fetcher={fn} out={a} />
        <Reader k="GET /p/a" fetcher={fn} out={b} />
      </>,
    );
    expect(fn).toHaveBeenCalledTimes(1);
    calls[0]!.resolve('A');
    await flush();
    expect(root.textContent).toBe('AA');
  });

  it('refreshes what is on screen under an invalidated prefix, and only that', async () => {
    let n = 0;
    const under = vi.fn(async () => `sub${++n}`);
    const other = vi.fn(async () => 'other');
    const sibling = vi.fn(async () => 'sibling');
    const out: { q?: Query<string> } = {};
    mount(
      <>
        <Reader k="GET /api/v1/processes/a/submissions?{}" fetcher={under} out={out} />
        <Reader k="GET /api/v1/processes/ab" fetcher={sibling} out={{}} />
        <Reader k="GET /api/v1/audit" fetcher={other} out={{}} />
      </>,
    );
    await flush();
    expect(out.q!.data).toBe('sub1');
    await act(() => invalidate('/api/v1/processes/a'));
    await flush();
    expect(out.q!.data).toBe('sub2');
    expect(under).toHaveBeenCalledTimes(2);
    expect(sibling).toHaveBeenCalledTimes(1);
    expect(other).toHaveBeenCalledTimes(1);
  });

  it('drops invalidated answers nobody reads, so the next reader fetches them', async () => {
    const fn = vi.fn(async () => 'p');
    mount(<Reader k="GET /api/v1/processes/a" fetcher={fn} keep out={{}} />).unmount();
    await flush();
    await invalidate('/api/v1/processes');
    mount(<Reader k="GET /api/v1/processes/a" fetcher={fn} keep out={{}} />);
    await flush();
    expect(fn).toHaveBeenCalledTimes(2);
  });

  it('asks again when invalidated during a request, since that answer may be old', async () => {
    const { fn, calls } = deferred<string>();
    const out: { q?: Query<string> } = {};
    mount(<Reader k="GET /p/a" fetcher={fn} out={out} />);
    void invalidate('/p');
    calls[0]!.resolve('old');
    await flush();
    expect(fn).toHaveBeenCalledTimes(2);
    calls[1]!.resolve('new');
    await flush();
    expect(out.q!.data).toBe('new');
  });

  it('keeps the error and retries on reload', async () => {
    const { fn, calls } = deferred<string>();
    const out: { q?: Query<string> } = {};
    mount(<Reader k="GET /p/a" fetcher={fn} out={out} />);
    calls[0]!.reject(new ApiError({ status: 503, code: 'service_busy' }));
    await flush();
    expect((out.q!.error as ApiError).status).toBe(503);
    act(() => out.q!.reload());
    expect(out.q!.error).toBeNull();
    expect(out.q!.loading).toBe(true);
    calls[1]!.resolve('ok');
    await flush();
    expect(out.q!.data).toBe('ok');
  });

  it('does nothing while the key is null', async () => {
    const fn = vi.fn(async () => 'x');
    const out: { q?: Query<string> } = {};
    mount(<Reader k={null} fetcher={fn} out={out} />);
    await flush();
    expect(fn).not.toHaveBeenCalled();
    expect(out.q!.loading).toBe(false);
    expect(out.q!.data).toBeUndefined();
  });
});

describe('useMutation', () => {
  function Form({ fn, out, invalidates }: { fn: (n: number) => Promise<number>; out: { m?: Mutation<[number], number> }; invalidates?: string[] }) {
    out.m = useMutation(fn, invalidates ? { invalidates } : {});
    return null;
  }

  it('is busy while running and explains a failure', async () => {
    const { fn, calls } = deferred<number>();
    const out: { m?: Mutation<[number], number> } = {};
    mount(<Form fn={fn} out={out} />);
    let result: Promise<number | undefined> | undefined;
    act(() => {
      result = out.m!.run(1);
    });
    expect(out.m!.busy).toBe(true);
    calls[0]!.reject(new ApiError({ status: 422, code: 'validation_failed' }));
    await flush();
    expect(await result).toBeUndefined();
    expect(out.m!.busy).toBe(false);
    expect(out.m!.error?.code).toBe('validation_failed');
    act(() => out.m!.reset());
    expect(out.m!.error).toBeNull();
  });

  it('returns the result, clears the error and invalidates what it changed', async () => {
    let n = 0;
    const list = vi.fn(async () => `list${++n}`);
    const q: { q?: Query<string> } = {};
    const out: { m?: Mutation<[number], number> } = {};
    mount(
      <>
        <Reader k="GET /api/v1/processes/a/tokens?{}" fetcher={list} out={q} />
        <Form fn={async (x) => x * 2} out={out} invalidates={['/api/v1/processes/a/tokens']} />
      </>,
    );
    await flush();
    let result: number | undefined;
    await act(async () => {
      result = await out.m!.run(21);
    });
    await flush();
    expect(result).toBe(42);
    expect(out.m!.error).toBeNull();
    expect(q.q!.data).toBe('list2');
  });
});
