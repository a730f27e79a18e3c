// Network emulation and transfer accounting through the DevTools protocol, for the "fast on a
// phone" checks. The preset is Chrome DevTools' "Fast 3G" (the same numbers as Puppeteer's
// PredefinedNetworkConditions): 1.6 Mbit/s down and 750 kbit/s up, each times 0.9, and
// 150 ms × 3.75 of latency added to every request.
export const FAST_3G = Object.freeze({
  offline: false,
  latency: 150 * 3.75, // 562.5 ms
  downloadThroughput: ((1.6 * 1000 * 1000) / 8) * 0.9, // 180,000 bytes/s
  uploadThroughput: ((750 * 1000) / 8) * 0.9, // 84,375 bytes/s
});

/**
 * Emulates `conditions` for `page` and records every response: URL, resource type, status,
 * Content-Encoding and the bytes that crossed the wire (encodedDataLength, headers included).
 * `extraHeaders` replaces request headers (e.g. to refuse compression for a comparison).
 */
export async function recordTransfers(page, conditions = FAST_3G, extraHeaders = null) {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
  await cdp.send('Network.emulateNetworkConditions', conditions);
  if (extraHeaders) await cdp.send('Network.setExtraHTTPHeaders', { headers: extraHeaders });
  const byId = new Map();
  cdp.on('Network.responseReceived', ({ requestId, type, response }) => {
    const h = Object.fromEntries(Object.entries(response.headers).map(([k, v]) => [k.toLowerCase(), v]));
    byId.set(requestId, { url: response.url, type, status: response.status, encoding: h['content-encoding'] ?? 'identity', bytes: null });
  });
  cdp.on('Network.loadingFinished', ({ requestId, encodedDataLength }) => {
    const r = byId.get(requestId);
    if (r) r.bytes = encodedDataLength;
  });
  return {
    /** Finished responses so far. */
    responses: () => [...byId.values()].filter((r) => r.bytes !== null),
    async stop() {
      await cdp.detach().catch(() => {});
    },
  };
}

/** Bytes on the wire of the finished script responses. */
export function scriptBytes(responses) {
  return responses.filter((r) => r.type === 'Script').reduce((sum, r) => sum + r.bytes, 0);
}

export const kB = (n) => `${(n / 1000).toFixed(1)} kB`;
