// A printable sheet of token cards, each with its sign-in link as a QR code.
import { useEffect, useState } from 'preact/hooks';
import { t } from '../../i18n';

/** A printable sheet: one card per token with its QR code (the sign-in link) and the token. */
export function TokenCards({ title, typeName, items }: { title: string; typeName: string; items: { token: string; link: string }[] }) {
  const [qr, setQr] = useState<string[] | null>(null);
  useEffect(() => {
    let cancelled = false;
    import('qrcode')
      .then((QRCode) => Promise.all(items.map((it) => QRCode.toDataURL(it.link, { errorCorrectionLevel: 'M', margin: 1, width: 180 }))))
      .then(
      (urls) => !cancelled && setQr(urls),
      () => !cancelled && setQr([]),
    );
    return () => {
      cancelled = true;
    };
  }, [items]);
  return (
    <div class="card-sheet" aria-label={t('cards.label')} role="region">
      {items.map((it, i) => (
        <article class="token-card" key={it.token}>
          <h3>{title}</h3>
          <p class="muted">{typeName}</p>
          {qr?.[i] ? <img src={qr[i]} width={140} height={140} alt={t('cards.qrAlt')} /> : <div class="qr-placeholder" aria-hidden="true" />}
          <p class="card-instructions">{t('cards.instructions')}</p>
          <p class="card-link mono">{it.link.replace(/[?#].*/, '')}</p>
          <p class="card-token mono">{it.token}</p>
        </article>
      ))}
    </div>
  );
}
