// Leaflet is loaded on demand (only pages with a map pay for it).
import type * as Leaflet from 'leaflet';
import { config } from './config';

let loading: Promise<typeof Leaflet> | null = null;
let clusterLoading: Promise<void> | null = null;

export function loadLeaflet(): Promise<typeof Leaflet> {
  loading ??= (async () => {
    const mod = await import('leaflet');
    await import('leaflet/dist/leaflet.css');
    const L = (mod.default ?? mod) as typeof Leaflet;
    const [icon, icon2x, shadow] = await Promise.all([
      import('leaflet/dist/images/marker-icon.png'),
      import('leaflet/dist/images/marker-icon-2x.png'),
      import('leaflet/dist/images/marker-shadow.png'),
    ]);
    // The bundler renames the images, so tell Leaflet where they went.
    delete (L.Icon.Default.prototype as unknown as Record<string, unknown>)._getIconUrl;
    L.Icon.Default.mergeOptions({ iconUrl: icon.default, iconRetinaUrl: icon2x.default, shadowUrl: shadow.default });
    return L;
  })();
  return loading;
}

/** Leaflet plus the marker-cluster plugin, which expects a global `L`. */
export async function loadLeafletWithClusters(): Promise<typeof Leaflet> {
  const L = await loadLeaflet();
  clusterLoading ??= (async () => {
    (window as unknown as { L: typeof Leaflet }).L = L;
    await import('leaflet.markercluster');
    await import('leaflet.markercluster/dist/MarkerCluster.css');
    await import('leaflet.markercluster/dist/MarkerCluster.Default.css');
  })();
  await clusterLoading;
  return L;
}

/**
 * Leaflet's options for the tile layer. The server sends `Referrer-Policy: no-referrer` for its
 * own pages, but tile servers need to know which site asks (the OpenStreetMap tile servers refuse
 * requests without a Referer), so each tile image carries its own policy: a cross-origin tile
 * host receives the page's origin only, never its path or fragment.
 */
export function tileLayerOptions(cfg = config()): Leaflet.TileLayerOptions {
  return {
    maxZoom: cfg.tileMaxZoom,
    attribution: cfg.tileAttribution,
    referrerPolicy: 'strict-origin-when-cross-origin',
  };
}

/** The configured tile layer; `onFail` runs once when tiles cannot be loaded. */
export function tileLayer(L: typeof Leaflet, onFail: () => void): Leaflet.TileLayer {
  const cfg = config();
  const layer = L.tileLayer(cfg.tileUrl, tileLayerOptions(cfg));
  let failed = false;
  layer.on('tileerror', () => {
    if (!failed) {
      failed = true;
      onFail();
    }
  });
  return layer;
}
