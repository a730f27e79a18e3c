// Tests: the results link's token read from the address's fragment.
import { describe, expect, it } from 'vitest';
import { parseHashToken } from './hashToken';

describe('results link token in the fragment', () => {
  it('reads a JWT after #, with or without token=', () => {
    expect(parseHashToken('#eyJhbGciOi.eyJzdWIi.sig-_x')).toBe('eyJhbGciOi.eyJzdWIi.sig-_x');
    expect(parseHashToken('#token=abc.def.ghi')).toBe('abc.def.ghi');
    expect(parseHashToken('abc.def')).toBe('abc.def');
  });

  it('refuses empty, malformed or odd fragments', () => {
    expect(parseHashToken('')).toBeNull();
    expect(parseHashToken('#')).toBeNull();
    expect(parseHashToken(null)).toBeNull();
    expect(parseHashToken('#<script>')).toBeNull();
    expect(parseHashToken('#a b')).toBeNull();
    expect(parseHashToken('#%E0%A4%A')).toBeNull();
    expect(parseHashToken(`#${'a'.repeat(5000)}`)).toBeNull();
  });
});
