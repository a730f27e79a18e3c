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

/** The configured tile layer; `onFail` runs once when tiles cannot be loaded. */
export function tileLayer(L: typeof Leaflet, onFail: () => void): Leaflet.TileLayer {
  const cfg = config();
  const layer = L.tileLayer(cfg.tileUrl, { maxZoom: cfg.tileMaxZoom, attribution: cfg.tileAttribution });
  let failed = false;
  layer.on('tileerror', () => {
    if (!failed) {
      failed = true;
      onFail();
    }
  });
  return layer;
}
