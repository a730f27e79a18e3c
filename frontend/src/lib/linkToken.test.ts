// Tests: a sign-in link's token taken from the address and removed from it.
import { describe, expect, it } from 'vitest';
import { linkTokenOf, withoutLinkToken } from './linkToken';

describe('sign-in link tokens', () => {
  it('reads the token from #token= (current links) and from ?token= (old printed links)', () => {
    expect(linkTokenOf('/p/park#token=ppp_abc_DEF')).toBe('ppp_abc_DEF');
    expect(linkTokenOf('/p/park?token=ppp_old')).toBe('ppp_old');
    expect(linkTokenOf('/p/park?token=ppp_old#token=ppp_new')).toBe('ppp_new');
    expect(linkTokenOf('/p/park#token=a%2Bb')).toBeNull(); // not a token's alphabet
  });

  it('does not take an ordinary fragment for a token', () => {
    expect(linkTokenOf('/p/park#main')).toBeNull();
    expect(linkTokenOf('/p/park')).toBeNull();
    expect(linkTokenOf('/p/park#token=')).toBeNull();
  });

  it('removes the token from the address and keeps the rest', () => {
    expect(withoutLinkToken('/p/park#token=ppp_x')).toBe('/p/park');
    expect(withoutLinkToken('/p/park?token=ppp_x')).toBe('/p/park');
    expect(withoutLinkToken('/p/park?lang=es&token=ppp_x')).toBe('/p/park?lang=es');
    expect(withoutLinkToken('/p/park?token=ppp_x#token=ppp_y')).toBe('/p/park');
    expect(withoutLinkToken('/p/park?token=ppp_x#main')).toBe('/p/park#main');
    expect(withoutLinkToken('/p/park#main')).toBe('/p/park#main');
    expect(withoutLinkToken('/p/park?a=1')).toBe('/p/park?a=1');
  });
});
