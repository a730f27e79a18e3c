// Tests: sign-in links (token in the fragment) and the formula-safe CSV of a token batch.
import { describe, expect, it } from 'vitest';
import { csvCell, signInLink, tokensCsv } from './tokens';

describe('sign-in links', () => {
  it('point at the process page with the token in the fragment, never in the query', () => {
    expect(signInLink('https://plan.example.org', 'riverfront', 'ppp_abc_DEF')).toBe('https://plan.example.org/p/riverfront#token=ppp_abc_DEF');
    expect(signInLink('http://x', 'a', 'a+b/c')).toBe('http://x/p/a#token=a%2Bb%2Fc');
  });

  it('carry no query string: the token is after # and the server never sees it', () => {
    const url = new URL(signInLink('https://plan.example.org', 'river front', 'ppp_abc_DEF'));
    expect(url.search).toBe('');
    expect(url.pathname).toBe('/p/river%20front');
    expect(url.hash).toBe('#token=ppp_abc_DEF');
    expect(url.href.indexOf('ppp_abc_DEF')).toBeGreaterThan(url.href.indexOf('#'));
  });
});

describe('CSV', () => {
  it('quotes cells with commas, quotes and line breaks', () => {
    expect(csvCell('plain')).toBe('plain');
    expect(csvCell('a,b')).toBe('"a,b"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell('two\nlines')).toBe('"two\nlines"');
    expect(csvCell(null)).toBe('');
    expect(csvCell(7)).toBe('7');
  });

  it('defuses spreadsheet formulas in labels', () => {
    expect(csvCell('=HYPERLINK("http://evil")')).toBe('"\'=HYPERLINK(""http://evil"")"');
    expect(csvCell('+1')).toBe("'+1");
    expect(csvCell('@SUM(A1)')).toBe("'@SUM(A1)");
  });

  it('has a header and one row per token with its link', () => {
    const csv = tokensCsv(
      [
        { id: 1, token: 'ppp_one', label: null },
        { id: 2, token: 'ppp_two', label: 'Table, 3' },
      ],
      { origin: 'https://p.example', slug: 'park', contributorType: 'community', label: 'Workshop' },
    );
    const lines = csv.split('\r\n');
    expect(lines[0]).toBe('token,sign_in_link,process,contributor_type,label,token_id');
    expect(lines[1]).toBe('ppp_one,https://p.example/p/park#token=ppp_one,park,community,Workshop,1');
    expect(lines[2]).toBe('ppp_two,https://p.example/p/park#token=ppp_two,park,community,"Table, 3",2');
    expect(lines[3]).toBe('');
  });
});
