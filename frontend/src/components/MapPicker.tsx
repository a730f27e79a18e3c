// An optional point: "no location", a Leaflet map to click, and always a plain lat/lng form, so
// it works by keyboard and when map tiles cannot load.
import type * as Leaflet from 'leaflet';
import { useEffect, useRef, useState } from 'preact/hooks';
import type { Location, MapView } from '../api/client';
import { t } from '../i18n';
import type { FieldMessage } from '../lib/fieldError';
import { parseCoord, round } from '../lib/geo';
import { loadLeaflet, tileLayer } from '../lib/leaflet';
import { Field, Notice } from './ui';

export interface LocationDraft {
  mode: 'none' | 'point';
  lat: string;
  lng: string;
}

export function draftFrom(loc: Location | null | undefined): LocationDraft {
  return loc ? { mode: 'point', lat: String(loc.lat), lng: String(loc.lng) } : { mode: 'none', lat: '', lng: '' };
}

export function coordErrorText(e: unknown): string | undefined {
  if (e === 'required') return t('map.errorRequired');
  if (e === 'number') return t('map.errorNumber');
  if (e === 'range') return t('map.errorRange');
  return typeof e === 'string' ? e : undefined;
}

export function MapPicker(props: {
  id: string;
  center: MapView;
  draft: LocationDraft;
  onChange: (d: LocationDraft) => void;
  errors?: { lat?: FieldMessage | undefined; lng?: FieldMessage | undefined; location?: FieldMessage | undefined };
}) {
  const { id, center, draft, onChange } = props;
  const mapEl = useRef<HTMLDivElement>(null);
  const mapRef = useRef<Leaflet.Map | null>(null);
  const markerRef = useRef<Leaflet.Marker | null>(null);
  const LRef = useRef<typeof Leaflet | null>(null);
  const draftRef = useRef(draft);
  draftRef.current = draft;
  const [tilesFailed, setTilesFailed] = useState(false);
  const [mapFailed, setMapFailed] = useState(false);

  const setPoint = (lat: number, lng: number) =>
    onChange({ mode: 'point', lat: String(round(lat)), lng: String(round(lng)) });

  // Create the map when a point is wanted; tear it down otherwise.
  useEffect(() => {
    if (draft.mode !== 'point' || !mapEl.current) return;
    let cancelled = false;
    loadLeaflet()
      .then((L) => {
        if (cancelled || !mapEl.current) return;
        LRef.current = L;
        const map = L.map(mapEl.current, { center: [center.lat, center.lng], zoom: center.zoom, keyboard: true });
        tileLayer(L, () => setTilesFailed(true)).addTo(map);
        map.on('click', (ev: Leaflet.LeafletMouseEvent) => setPoint(ev.latlng.lat, ev.latlng.lng));
        mapRef.current = map;
        syncMarker();
      })
      .catch(() => setMapFailed(true));
    return () => {
      cancelled = true;
      mapRef.current?.remove();
      mapRef.current = null;
      markerRef.current = null;
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [draft.mode === 'point', center.lat, center.lng, center.zoom]);

  function syncMarker() {
    const L = LRef.current;
    const map = mapRef.current;
    if (!L || !map) return;
    const d = draftRef.current;
    const lat = parseCoord(d.lat, 'lat');
    const lng = parseCoord(d.lng, 'lng');
    if (d.mode === 'point' && typeof lat === 'number' && typeof lng === 'number') {
      if (markerRef.current) markerRef.current.setLatLng([lat, lng]);
      else {
        const m = L.marker([lat, lng], { draggable: true, alt: t('map.markerAlt'), title: t('map.markerAlt') });
        m.on('dragend', () => {
          const p = m.getLatLng();
          setPoint(p.lat, p.lng);
        });
        m.addTo(map);
        markerRef.current = m;
      }
    } else if (markerRef.current) {
      markerRef.current.remove();
      markerRef.current = null;
    }
  }

  useEffect(syncMarker, [draft.lat, draft.lng, draft.mode]);

  const useCentre = () => {
    const c = mapRef.current?.getCenter() ?? { lat: center.lat, lng: center.lng };
    setPoint(c.lat, c.lng);
  };

  const latErr = props.errors?.lat ?? props.errors?.location;
  const lngErr = props.errors?.lng;

  return (
    <fieldset class="location-picker">
      <legend>{t('map.legend')}</legend>
      <div class="choice-row">
        <label class="choice">
          <input
            type="radio"
            name={`${id}-mode`}
            checked={draft.mode === 'none'}
            onChange={() => onChange({ ...draft, mode: 'none' })}
          />
          {t('map.none')}
        </label>
        <label class="choice">
          <input
            type="radio"
            name={`${id}-mode`}
            checked={draft.mode === 'point'}
            onChange={() => onChange({ ...draft, mode: 'point' })}
          />
          {t('map.point')}
        </label>
      </div>
      {draft.mode === 'point' && (
        <div class="location-detail">
          <p class="hint" id={`${id}-maphint`}>
            {t('map.hint')}
          </p>
          {!mapFailed && (
            <div class="map map-picker" ref={mapEl} role="region" aria-label={t('map.regionLabel')} aria-describedby={`${id}-maphint`} />
          )}
          {(tilesFailed || mapFailed) && <Notice kind="warning">{t('map.tilesFailed')}</Notice>}
          <div class="coords">
            <Field id={`${id}-lat`} label={t('map.lat')} error={latErr}>
              {(aria) => (
                <input
                  {...aria}
                  type="text"
                  inputMode="decimal"
                  autoComplete="off"
                  value={draft.lat}
                  onInput={(e) => onChange({ ...draft, lat: e.currentTarget.value })}
                />
              )}
            </Field>
            <Field id={`${id}-lng`} label={t('map.lng')} error={lngErr}>
              {(aria) => (
                <input
                  {...aria}
                  type="text"
                  inputMode="decimal"
                  autoComplete="off"
                  value={draft.lng}
                  onInput={(e) => onChange({ ...draft, lng: e.currentTarget.value })}
                />
              )}
            </Field>
          </div>
          {!mapFailed && (
            <button type="button" class="btn btn-secondary" onClick={useCentre}>
              {t('map.useCentre')}
            </button>
          )}
        </div>
      )}
    </fieldset>
  );
}
