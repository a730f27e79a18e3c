// The process form's moderation settings: pre-moderation (participants' new submissions wait
// for approval) and how many participants' reports flag a submission.
import { t } from '../../i18n';
import type { FieldMessage } from '../../lib/fieldError';
import { Field } from '../ui';

export function ModerationFields(props: {
  preModeration: boolean;
  threshold: string;
  thresholdError?: FieldMessage | undefined;
  onPreModeration: (on: boolean) => void;
  onThreshold: (value: string) => void;
}) {
  return (
    <fieldset class="stack">
      <legend>{t('processForm.moderationLegend')}</legend>
      <label class="choice">
        <input
          type="checkbox"
          checked={props.preModeration}
          onChange={(e) => props.onPreModeration(e.currentTarget.checked)}
          aria-describedby="pf-premoderation-hint"
        />
        {t('processForm.preModeration')}
      </label>
      <p class="hint" id="pf-premoderation-hint">
        {t('processForm.preModerationHint')}
      </p>
      <Field id="pf-report-threshold" label={t('processForm.reportThreshold')} hint={t('processForm.reportThresholdHint')} error={props.thresholdError}>
        {(aria) => (
          <input {...aria} type="number" min={0} max={100} step={1} inputMode="numeric" value={props.threshold} onInput={(e) => props.onThreshold(e.currentTarget.value)} />
        )}
      </Field>
    </fieldset>
  );
}
