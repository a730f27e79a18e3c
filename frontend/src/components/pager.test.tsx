// The pager when a text search stops counting: the page count reads "20+" and "next" stays
// available past the counted rows.
import { render } from 'preact';
import { act } from 'preact/test-utils';
import { describe, expect, it } from 'vitest';
import { Pager } from './ui';

function pager(props: { total: number; more?: boolean; offset: number }) {
  const root = document.createElement('div');
  act(() => render(<Pager limit={50} onPage={() => {}} {...props} />, root));
  const [previous, next] = Array.from(root.querySelectorAll('button'));
  if (!previous || !next) throw new Error('the pager has no buttons');
  return { text: root.textContent ?? '', next, previous };
}

describe('pager', () => {
  it('stops at the last page of an exact total', () => {
    const last = pager({ total: 120, offset: 100 });
    expect(last.text).toContain('3 of 3');
    expect(last.next.disabled).toBe(true);
  });

  it('keeps going past a lower bound and says so', () => {
    const first = pager({ total: 1000, more: true, offset: 0 });
    expect(first.text).toContain('1 of 20+');
    expect(first.next.disabled).toBe(false);
    const beyond = pager({ total: 1000, more: true, offset: 1050 });
    expect(beyond.text).toContain('22 of 22+');
    expect(beyond.next.disabled).toBe(false);
    expect(beyond.previous.disabled).toBe(false);
  });
});
