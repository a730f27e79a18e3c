// One answer for every submission selected in the admin list (kept across pages until sent).
import { t } from '../../i18n';
import { RespondForm } from './RespondForm';

export function SelectionResponse(props: { slug: string; ids: number[]; onDone: (count: number) => void; onClear: () => void }) {
  const count = props.ids.length;
  return (
    <section class="card stack" aria-labelledby="selection-title">
      <h2 id="selection-title">{t('respond.selectionTitle')}</h2>
      <p class="muted">{t('respond.selected', { count })}</p>
      <RespondForm
        slug={props.slug}
        id="respond-selection"
        title={t('respond.selectionTitle')}
        target={{ submission_ids: props.ids }}
        onDone={(r) => props.onDone(r.submission_ids.length)}
        onCancel={props.onClear}
      />
    </section>
  );
}
