// A process's training examples: add one (a sentence and its category), list and delete them.
import { useState } from 'preact/hooks';
import type { Category } from '../../api/client';
import { useAddExample, useDeleteExample, useTrainingExamples } from '../../api/training';
import { fmtDateTime, fmtNumber, t } from '../../i18n';
import { categoryName } from '../../lib/analysis';
import { exampleKindKey } from '../../lib/vocab';
import { QueryView } from '../QueryView';
import { ErrorAlert, Field } from '../ui';

export function ExamplesSection({ slug, categories }: { slug: string; categories: Category[] }) {
  const list = useTrainingExamples(slug);
  const [text, setText] = useState('');
  const [category, setCategory] = useState(categories[0]?.key ?? '');
  const [message, setMessage] = useState('');
  const [textErr, setTextErr] = useState<string | undefined>();
  const addExample = useAddExample(slug, {
    onSuccess: () => {
      setText('');
      setMessage(t('training.exampleAdded'));
    },
  });
  const deleteExample = useDeleteExample(slug, { onSuccess: () => setMessage(t('training.exampleDeleted')) });
  const error = addExample.error ?? deleteExample.error;
  const add = (e: Event) => {
    e.preventDefault();
    if (!text.trim()) {
      setTextErr(t('validation.empty'));
      return;
    }
    setTextErr(undefined);
    deleteExample.reset();
    void addExample.run({ text: text.trim(), category });
  };
  const remove = (id: number) => {
    addExample.reset();
    void deleteExample.run(id);
  };
  return (
    <section class="card stack" aria-labelledby="t-examples">
      <h2 id="t-examples">{t('training.examplesTitle')}</h2>
      <p class="hint">{t('training.examplesHint')}</p>
      <p role="status" class="status-line">
        {message}
      </p>
      <ErrorAlert error={error} claimed={['text', 'category']} />
      <form class="stack" onSubmit={add} noValidate aria-labelledby="t-add">
        <h3 id="t-add">{t('training.addExample')}</h3>
        <Field id="ex-text" label={t('training.exampleText')} error={textErr ?? error?.field('text')}>
          {(aria) => <textarea {...aria} rows={2} maxLength={500} value={text} onInput={(e) => setText(e.currentTarget.value)} />}
        </Field>
        <Field id="ex-category" label={t('subs.category')} error={error?.field('category')}>
          {(aria) => (
            <select {...aria} value={category} onChange={(e) => setCategory(e.currentTarget.value)}>
              {categories.map((c) => (
                <option key={c.key} value={c.key}>
                  {c.name}
                </option>
              ))}
            </select>
          )}
        </Field>
        <div>
          <button type="submit" class="btn btn-primary" disabled={addExample.busy}>
            {t('training.addExampleButton')}
          </button>
        </div>
      </form>
      <QueryView query={list} empty={t('training.noExamples')}>
        {(examples) => (
          <div class="table-wrap">
            <table class="examples-table">
              <caption>{t('training.examplesCaption', { count: examples.length, countText: fmtNumber(examples.length) })}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('subs.colText')}</th>
                  <th scope="col">{t('subs.colCategory')}</th>
                  <th scope="col">{t('training.kind')}</th>
                  <th scope="col">{t('training.added')}</th>
                  <th scope="col">{t('training.actions')}</th>
                </tr>
              </thead>
              <tbody>
                {examples.map((ex) => (
                  <tr key={ex.id}>
                    <td dir="auto">{ex.text}</td>
                    <td>{categoryName(categories, ex.category)}</td>
                    <td>{t(exampleKindKey(ex.kind))}</td>
                    <td>{fmtDateTime(ex.created_at)}</td>
                    <td class="actions">
                      <button type="button" class="btn btn-danger-outline btn-small" onClick={() => remove(ex.id)}>
                        {t('training.deleteExample', { id: ex.id })}
                      </button>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </QueryView>
    </section>
  );
}
