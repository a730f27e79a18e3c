// Tests: character counts, slugs, typed coordinates, date filters and route patterns.
import { describe, expect, it } from 'vitest';
import { dayEndExclusive, dayStart, localToIso } from './dates';
import { parseCoord, parseLocation } from './geo';
import { match } from './router';
import { countChars, slugify } from './text';

describe('character count (as the server counts)', () => {
  it('trims, counts CRLF as one and counts code points, not UTF-16 units', () => {
    expect(countChars('  hello  ')).toBe(5);
    expect(countChars('a\r\nb')).toBe(3);
    expect(countChars('é')).toBe(1);
    expect(countChars('🌳🌳')).toBe(2);
    expect(countChars('   ')).toBe(0);
  });
});

describe('slugs', () => {
  it('derive from titles', () => {
    expect(slugify('What should the Riverfront become?')).toBe('what-should-the-riverfront-become');
    expect(slugify('Plaza Mayor — café 2030')).toBe('plaza-mayor-cafe-2030');
    expect(slugify('  --  ')).toBe('');
    expect(slugify('x'.repeat(80)).length).toBeLessThanOrEqual(64);
  });
});

describe('coordinates typed by people', () => {
  it('accept a decimal point or comma and reject junk and out-of-range values', () => {
    expect(parseCoord('40.4168', 'lat')).toBe(40.4168);
    expect(parseCoord('-3,7038', 'lng')).toBe(-3.7038);
    expect(parseCoord('', 'lat')).toBe('required');
    expect(parseCoord('12abc', 'lat')).toBe('number');
    expect(parseCoord('91', 'lat')).toBe('range');
    expect(parseCoord('181', 'lng')).toBe('range');
    expect(parseCoord('180', 'lng')).toBe(180);
  });

  it('make a location or say which part is wrong', () => {
    expect(parseLocation('1.1234567', '2')).toEqual({ lat: 1.123457, lng: 2 });
    expect(parseLocation('x', '2')).toEqual({ lat: 'number' });
  });
});

describe('date filters', () => {
  it('turn a day into a half-open range of instants', () => {
    const from = new Date(dayStart('2026-05-12')!);
    const to = new Date(dayEndExclusive('2026-05-12')!);
    expect(to.getTime() - from.getTime()).toBeGreaterThanOrEqual(23 * 3600e3);
    expect(from.getDate()).toBe(12);
    expect(to.getDate()).toBe(13);
    expect(dayStart('')).toBeUndefined();
    expect(dayStart('12/05/2026')).toBeUndefined();
    expect(localToIso('')).toBeUndefined();
    expect(new Date(localToIso('2026-05-12')!).getHours()).toBe(23);
  });
});

describe('routes', () => {
  it('match patterns and decode parameters', () => {
    expect(match('/p/:slug', '/p/riverfront')).toEqual({ slug: 'riverfront' });
    expect(match('/p/:slug', '/p/riverfront/')).toEqual({ slug: 'riverfront' });
    expect(match('/p/:slug/mine', '/p/a%20b/mine')).toEqual({ slug: 'a b' });
    expect(match('/p/:slug', '/p/a/mine')).toBeNull();
    expect(match('/admin', '/admin/tokens')).toBeNull();
    expect(match('/p/:slug', '/p/%E0%A4%A')).toBeNull();
  });
});
