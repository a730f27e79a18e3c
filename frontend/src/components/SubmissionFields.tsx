// The text area with a live count and the optional location, shared by writing, editing and
// entering paper submissions.
import type { Location, MapView } from '../api/client';
import { fmtNumber, t } from '../i18n';
import type { FieldMessage } from '../lib/fieldError';
import { parseLocation } from '../lib/geo';
import type { ApiError } from '../lib/problem';
import { countChars, MAX_SUBMISSION_CHARS } from '../lib/text';
import { coordErrorText, type LocationDraft, MapPicker } from './MapPicker';
import { Field } from './ui';

export interface SubmissionDraft {
  text: string;
  location: LocationDraft;
}

export interface DraftErrors {
  text?: FieldMessage | undefined;
  lat?: FieldMessage | undefined;
  lng?: FieldMessage | undefined;
  location?: FieldMessage | undefined;
}

/** Checks a draft before sending; returns the body or the errors to show. */
export function validateDraft(d: SubmissionDraft): { ok: true; text: string; location: Location | null } | { ok: false; errors: DraftErrors } {
  const errors: DraftErrors = {};
  const n = countChars(d.text);
  if (n === 0) errors.text = t('validation.empty');
  else if (n > MAX_SUBMISSION_CHARS) errors.text = t('validation.tooLong', { max: MAX_SUBMISSION_CHARS });
  let location: Location | null = null;
  if (d.location.mode === 'point') {
    const parsed = parseLocation(d.location.lat, d.location.lng);
    if ('lat' in parsed && typeof parsed.lat === 'number' && typeof parsed.lng === 'number') location = parsed as Location;
    else {
      errors.lat = coordErrorText((parsed as { lat?: string }).lat);
      errors.lng = coordErrorText((parsed as { lng?: string }).lng);
    }
  }
  if (errors.text || errors.lat || errors.lng) return { ok: false, errors };
  return { ok: true, text: d.text, location };
}

export function serverDraftErrors(err: ApiError): DraftErrors {
  return {
    text: err.field('text'),
    lat: err.field('location.lat') ?? err.field('location'),
    lng: err.field('location.lng'),
  };
}

export function SubmissionFields(props: {
  id: string;
  draft: SubmissionDraft;
  onChange: (d: SubmissionDraft) => void;
  errors: DraftErrors;
  map: MapView | null | undefined;
  label: string;
  hint?: string;
}) {
  const { id, draft, onChange, errors } = props;
  const n = countChars(draft.text);
  const over = n > MAX_SUBMISSION_CHARS;
  const countId = `${id}-count`;
  return (
    <>
      <Field id={`${id}-text`} label={props.label} hint={props.hint} error={errors.text}>
        {(aria) => (
          <>
            <textarea
              {...aria}
              aria-describedby={[aria['aria-describedby'], countId].filter(Boolean).join(' ')}
              rows={7}
              dir="auto"
              value={draft.text}
              onInput={(e) => onChange({ ...draft, text: e.currentTarget.value })}
            />
            <p id={countId} class={`counter${over ? ' counter-over' : ''}`}>
              {over
                ? t('submit.countOver', { over: n - MAX_SUBMISSION_CHARS, overText: fmtNumber(n - MAX_SUBMISSION_CHARS) })
                : t('submit.count', { count: n, countText: fmtNumber(n), maxText: fmtNumber(MAX_SUBMISSION_CHARS) })}
            </p>
          </>
        )}
      </Field>
      {props.map && (
        <MapPicker
          id={`${id}-loc`}
          center={props.map}
          draft={draft.location}
          onChange={(location) => onChange({ ...draft, location })}
          errors={{ lat: errors.lat, lng: errors.lng }}
        />
      )}
    </>
  );
}
