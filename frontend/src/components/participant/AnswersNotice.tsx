// "2 of your submissions have a reply": shown on a participant's next visit when the process
// asks for it, until they open "My submissions".
import type { ProcessView } from '../../api/client';
import { useResponseSettings } from '../../api/responses';
import { useSubmissions } from '../../api/submissions';
import { t } from '../../i18n';
import { answersSeenAt, unseenAnswers } from '../../lib/answersSeen';
import { Notice } from '../ui';

export function AnswersNotice({ process, tokenId }: { process: ProcessView; tokenId: number }) {
  const settings = useResponseSettings(process.slug);
  return settings.data?.notify ? <Unseen process={process} tokenId={tokenId} /> : null;
}

function Unseen({ process, tokenId }: { process: ProcessView; tokenId: number }) {
  // A participant writes a handful of submissions; one page holds them all.
  const list = useSubmissions(process.slug, { limit: 200, offset: 0 });
  const count = list.data ? unseenAnswers(list.data.items.map((s) => s.response.responded_at), answersSeenAt(process.slug, tokenId)) : 0;
  if (count === 0) return null;
  return (
    <Notice>
      {t('mine.replyNotice', { count })} <a href={`/p/${encodeURIComponent(process.slug)}/mine`}>{t('mine.replyNoticeLink')}</a>
    </Notice>
  );
}
