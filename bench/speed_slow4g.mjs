// Slow-4G first and second visit of the home page, in Debian's headless Chromium, driven by
// the Playwright that end2end/ installs (no browser download). Called by bench/speed.sh.
//   node bench/speed_slow4g.mjs http://127.0.0.1:3381/
// Throttling through the DevTools protocol, as Chrome's "slow 4G" preset plus the CPU:
// 150 ms latency, 1.6 Mbit/s down, 750 kbit/s up, CPU 4x slower.
// "First marker": the first `.paht-cluster, path.paht-marker` element that is visible, timed
// from the start of the navigation.
//  - first visit: a fresh browser context (empty cache);
//  - second visit: page.reload() in the same context (warm cache; a reload revalidates the
//    page itself, the immutable /pkg files come from the cache);
//  - revisit: a new navigation (page.goto) to the same address in the same context.
// Prints one JSON object on stdout.
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const require = createRequire(path.join(here, '..', 'end2end', 'package.json'));
const { chromium } = require('playwright-core');

const url = process.argv[2];
const timeout = Number(process.env.SLOW4G_TIMEOUT_MS || 60000);
const SELECTOR = '.paht-cluster, path.paht-marker';

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  headless: true,
  args: ['--headless', '--no-sandbox', '--disable-gpu'],
});
const out = { url };
try {
  const context = await browser.newContext({ viewport: { width: 412, height: 915 } });
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.emulateNetworkConditions', {
    offline: false,
    latency: 150,
    downloadThroughput: 1.6e6 / 8,
    uploadThroughput: 750e3 / 8,
  });
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: 4 });

  // Bytes over the (emulated) network per visit, and the wasm among them.
  let bytes = 0, wasm = 0, requests = 0, cached = 0;
  const urls = new Map();
  cdp.on('Network.requestWillBeSent', (e) => { urls.set(e.requestId, e.request.url); requests++; });
  cdp.on('Network.requestServedFromCache', () => { cached++; });
  cdp.on('Network.loadingFinished', (e) => {
    bytes += e.encodedDataLength;
    if ((urls.get(e.requestId) || '').includes('.wasm')) wasm += e.encodedDataLength;
  });
  const reset = () => { bytes = 0; wasm = 0; requests = 0; cached = 0; };
  const tally = () => ({ bytes, wasm_bytes: wasm, requests, from_cache: cached });

  const visit = async (label, go) => {
    reset();
    const t0 = Date.now();
    await go();
    try {
      await page.locator(SELECTOR).first().waitFor({ state: 'visible', timeout });
      out[label] = { first_marker_ms: Date.now() - t0 };
    } catch (e) {
      out[label] = { first_marker_ms: null, error: `no marker within ${timeout} ms` };
    }
    // Let the page finish what it loads after the first marker before counting bytes.
    await page.waitForLoadState('load', { timeout }).catch(() => {});
    await page.waitForTimeout(500);
    Object.assign(out[label], tally());
  };

  await visit('first', () => page.goto(url, { waitUntil: 'commit', timeout }));
  await visit('second', () => page.reload({ waitUntil: 'commit', timeout }));
  await visit('revisit', () => page.goto(url, { waitUntil: 'commit', timeout }));
  await context.close();
} finally {
  await browser.close();
}
console.log(JSON.stringify(out));
