// Deployment settings read at start-up from /config.json beside index.html, so an operator can
// point the map at their own tile server without rebuilding. Build-time VITE_TILE_URL overrides
// the default when there is no file.
export interface AppConfig {
  tileUrl: string;
  tileAttribution: string;
  tileMaxZoom: number;
}

const defaults: AppConfig = {
  tileUrl: import.meta.env.VITE_TILE_URL ?? 'https://tile.openstreetmap.org/{z}/{x}/{y}.png',
  tileAttribution: '© OpenStreetMap contributors',
  tileMaxZoom: 19,
};

let current: AppConfig = defaults;

export function config(): AppConfig {
  return current;
}

export function mergeConfig(raw: unknown): AppConfig {
  const r = (typeof raw === 'object' && raw !== null ? raw : {}) as Record<string, unknown>;
  return {
    tileUrl: typeof r.tileUrl === 'string' && r.tileUrl ? r.tileUrl : defaults.tileUrl,
    tileAttribution: typeof r.tileAttribution === 'string' ? r.tileAttribution : defaults.tileAttribution,
    tileMaxZoom:
      typeof r.tileMaxZoom === 'number' && r.tileMaxZoom > 0 && r.tileMaxZoom <= 22 ? r.tileMaxZoom : defaults.tileMaxZoom,
  };
}

export async function loadConfig(): Promise<void> {
  try {
    const res = await fetch('/config.json', { credentials: 'same-origin', cache: 'no-cache' });
    const type = res.headers.get('content-type') ?? '';
    if (res.ok && type.includes('json')) current = mergeConfig(await res.json());
  } catch {
    // No file, or not JSON: the defaults apply.
  }
}
