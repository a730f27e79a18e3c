// Admin: the submissions with a place on a clustered map, coloured by primary category, with
// filters and the same points as a list.
import type * as Leaflet from 'leaflet';
import { useEffect, useRef, useState } from 'preact/hooks';
import type { ProcessView, SubmissionStatus, SubmissionView } from '../../api/client';
import { useProcess } from '../../api/processes';
import { MAP_MAX_POINTS, useLocatedSubmissions } from '../../api/submissions';
import { ProcessNav } from '../../components/admin/ProcessNav';
import { Empty, ErrorAlert, Field, Loading, Notice, PageTitle } from '../../components/ui';
import { fmtCoord, fmtDateTime, fmtNumber, t } from '../../i18n';
import { categoryClass, categoryMarkerLabel, categoryName } from '../../lib/analysis';
import { loadLeafletWithClusters, tileLayer } from '../../lib/leaflet';
import { useTitle } from '../../lib/title';
import { SUBMISSION_STATUSES } from '../../lib/vocab';

export function MapPage({ slug }: { slug: string }) {
  const proc = useProcess(slug);
  useTitle(proc.data ? `${t('mapPage.title')} · ${proc.data.title}` : t('mapPage.title'));
  const [status, setStatus] = useState<SubmissionStatus | ''>(SUBMISSION_STATUSES[0]);
  const [type, setType] = useState('');
  const [category, setCategory] = useState('');
  const points = useLocatedSubmissions(slug, { status: status || undefined, contributor_type: type || undefined, category: category || undefined });
  const p = proc.data;
  return (
    <section class="page stack">
      <ProcessNav slug={slug} title={p?.title} />
      <PageTitle>{t('mapPage.title')}</PageTitle>
      <ErrorAlert error={proc.error} onRetry={proc.reload} />
      {p && (
        <div class="filters card" role="group" aria-label={t('subs.filters')}>
          <Field id="m-status" label={t('subs.status')}>
            {(aria) => (
              <select {...aria} value={status} onChange={(e) => setStatus(e.currentTarget.value as SubmissionStatus | '')}>
                <option value="">{t('subs.any')}</option>
                {SUBMISSION_STATUSES.map((s) => (
                  <option key={s} value={s}>
                    {t(`status.${s}`)}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <Field id="m-type" label={t('subs.type')}>
            {(aria) => (
              <select {...aria} value={type} onChange={(e) => setType(e.currentTarget.value)}>
                <option value="">{t('subs.any')}</option>
                {p.contributor_types.map((ct) => (
                  <option key={ct.key} value={ct.key}>
                    {ct.name}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <Field id="m-category" label={t('subs.category')}>
            {(aria) => (
              <select {...aria} value={category} onChange={(e) => setCategory(e.currentTarget.value)}>
                <option value="">{t('subs.any')}</option>
                {p.categories.map((c) => (
                  <option key={c.key} value={c.key}>
                    {c.name}
                  </option>
                ))}
              </select>
            )}
          </Field>
        </div>
      )}
      {p && <MapLegend process={p} />}
      <ErrorAlert error={points.error} onRetry={points.reload} />
      {points.loading && <Loading />}
      {p && points.data && (
        <>
          <p class="muted" role="status">
            {t('mapPage.count', { count: points.data.items.length, countText: fmtNumber(points.data.items.length) })}
          </p>
          {points.data.total > points.data.items.length && <Notice kind="warning">{t('mapPage.truncated', { max: fmtNumber(MAP_MAX_POINTS) })}</Notice>}
          <ClusterMap process={p} items={points.data.items} />
          {points.data.items.length === 0 ? (
            <Empty>{t('mapPage.empty')}</Empty>
          ) : (
            <details>
              <summary>{t('mapPage.asList')}</summary>
              <ul class="plain-list">
                {points.data.items.map((s) => (
                  <li key={s.id}>
                    <span class="mono">
                      {fmtCoord(s.location!.lat)}, {fmtCoord(s.location!.lng)}
                    </span>{' '}
                    · {categoryName(p.categories, s.primary_category) || t('analysis.unanalysed')} — {s.text.length > 140 ? `${s.text.slice(0, 140)}…` : s.text}
                  </li>
                ))}
              </ul>
            </details>
          )}
        </>
      )}
    </section>
  );
}

function ClusterMap({ process, items }: { process: ProcessView; items: SubmissionView[] }) {
  const el = useRef<HTMLDivElement>(null);
  const mapRef = useRef<Leaflet.Map | null>(null);
  const layerRef = useRef<Leaflet.MarkerClusterGroup | null>(null);
  const [tilesFailed, setTilesFailed] = useState(false);
  const [failed, setFailed] = useState(false);
  const typeName = (k: string) => process.contributor_types.find((c) => c.key === k)?.name ?? k;

  useEffect(() => {
    let cancelled = false;
    loadLeafletWithClusters()
      .then((L) => {
        if (cancelled || !el.current) return;
        const centre = process.map ?? { lat: items[0]?.location?.lat ?? 0, lng: items[0]?.location?.lng ?? 0, zoom: items.length ? 12 : 2 };
        if (!mapRef.current) {
          mapRef.current = L.map(el.current, { center: [centre.lat, centre.lng], zoom: centre.zoom });
          tileLayer(L, () => setTilesFailed(true)).addTo(mapRef.current);
        }
        layerRef.current?.remove();
        const group = L.markerClusterGroup({ showCoverageOnHover: false, maxClusterRadius: 50 });
        for (const s of items) {
          if (!s.location) continue;
          // Popups are built from DOM nodes with textContent: submission text is never HTML.
          const box = document.createElement('div');
          const meta = document.createElement('p');
          meta.className = 'popup-meta';
          meta.textContent = `${typeName(s.contributor_type)} · ${fmtDateTime(s.created_at)} · ${t(`status.${s.status}`)}`;
          const cat = document.createElement('p');
          cat.className = 'popup-category';
          cat.textContent = `${t('subs.colCategory')}: ${categoryName(process.categories, s.primary_category) || t('analysis.unanalysed')}`;
          const text = document.createElement('p');
          text.textContent = s.text;
          box.append(meta, cat, text);
          // Coloured by primary category, and numbered as in the legend: colour is never the only cue.
          const badge = document.createElement('span');
          badge.className = `cat-marker ${categoryClass(process.categories, s.primary_category)}`;
          badge.textContent = categoryMarkerLabel(process.categories, s.primary_category);
          const icon = L.divIcon({ html: badge, className: 'cat-marker-icon', iconSize: [26, 26], iconAnchor: [13, 13], popupAnchor: [0, -12] });
          const label = `${categoryName(process.categories, s.primary_category) || t('analysis.unanalysed')}: ${s.text.slice(0, 60)}`;
          group.addLayer(L.marker([s.location.lat, s.location.lng], { icon, alt: label, title: label }).bindPopup(box));
        }
        group.addTo(mapRef.current);
        layerRef.current = group;
        if (items.length > 1) {
          const bounds = group.getBounds();
          if (bounds.isValid()) mapRef.current.fitBounds(bounds, { padding: [30, 30], maxZoom: 16 });
        }
      })
      .catch(() => setFailed(true));
    return () => {
      cancelled = true;
    };
  }, [items]);

  useEffect(
    () => () => {
      mapRef.current?.remove();
      mapRef.current = null;
    },
    [],
  );

  if (failed) return <Notice kind="warning">{t('map.tilesFailed')}</Notice>;
  return (
    <>
      {tilesFailed && <Notice kind="warning">{t('mapPage.tilesFailed')}</Notice>}
      <div class="map map-large" ref={el} role="region" aria-label={t('mapPage.regionLabel')} />
    </>
  );
}

/** Which colour and number stands for which category. */
export function MapLegend({ process }: { process: ProcessView }) {
  return (
    <div class="map-legend" role="group" aria-labelledby="map-legend-title">
      <p id="map-legend-title" class="legend-title">
        {t('mapPage.legend')}
      </p>
      <ul class="legend-list">
        {process.categories.map((c) => (
          <li key={c.key}>
            <span class={`cat-marker ${categoryClass(process.categories, c.key)}`} aria-hidden="true">
              {categoryMarkerLabel(process.categories, c.key)}
            </span>
            {c.name}
          </li>
        ))}
        <li>
          <span class={`cat-marker ${categoryClass(process.categories, null)}`} aria-hidden="true">
            ?
          </span>
          {t('analysis.unanalysed')}
        </li>
      </ul>
    </div>
  );
}
