// Tests: map tiles are requested with the page's origin as Referer.
import * as L from 'leaflet';
import { describe, expect, it } from 'vitest';
import { tileLayerOptions } from './leaflet';

describe('map tile layer', () => {
  it('asks for a Referer of the page origin on tile requests despite the page-wide no-referrer', () => {
    expect(tileLayerOptions().referrerPolicy).toBe('strict-origin-when-cross-origin');
  });

  it('puts that policy on every tile image Leaflet creates', () => {
    const layer = L.tileLayer('https://tile.example.org/{z}/{x}/{y}.png', tileLayerOptions());
    const img = (layer as unknown as { createTile(c: L.Coords, done: () => void): HTMLImageElement }).createTile(
      Object.assign(L.point(1, 2), { z: 3 }) as L.Coords,
      () => {},
    );
    expect(img.referrerPolicy).toBe('strict-origin-when-cross-origin');
  });
});
