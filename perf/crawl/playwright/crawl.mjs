// The Playwright contender of perf/crawl's real-tag benchmark
// (BenchmarkRealTag in ../realtag_test.go; ../README.md describes it).
//
// It does what a team would write by hand to check that every page of a
// site sends its custom event with the right parameters: one browser; per
// page a NEW browser context, gtag.js served from a local file, every
// /g/collect hit recorded and answered with 204, goto, wait for the hit
// carrying en=content_view, check its content_id and position params,
// close the context. It does nothing to make the tag send its queue early,
// so each page waits for the tag's own timer.
//
//   node crawl.mjs --base http://127.0.0.1:PORT --pages 40 --concurrency 2 \
//     --tag /path/to/gtag.js [--browser /usr/bin/chromium] [--timeout-ms 20000]
//
// Prints one JSON line on stdout:
//   {"pages":40,"passed":40,"seconds":..., "launch_seconds":..., "failures":[...]}
// "seconds" is the crawl from the first page to the last, the browser's
// launch excluded ("launch_seconds").
import { readFileSync } from 'node:fs';
import { chromium } from 'playwright-core';

function args(argv) {
  const out = { browser: '/usr/bin/chromium', concurrency: 1, 'timeout-ms': 20000 };
  for (let i = 2; i < argv.length; i += 2) {
    if (!argv[i].startsWith('--') || i + 1 >= argv.length) {
      throw new Error(`bad argument ${argv[i]}`);
    }
    out[argv[i].slice(2)] = argv[i + 1];
  }
  for (const k of ['base', 'pages', 'tag']) {
    if (out[k] === undefined) { throw new Error(`--${k} is required`); }
  }
  return out;
}

// events splits one GA4 hit into its events: the URL's query holds the
// shared params (and the event itself when the body is empty), each body
// line one event's own params.
function events(url, body) {
  const shared = Object.fromEntries(new URL(url).searchParams);
  const lines = (body || '').split(/\r?\n/).filter((l) => l !== '');
  if (lines.length === 0) { return [shared]; }
  return lines.map((l) => ({ ...shared, ...Object.fromEntries(new URLSearchParams(l)) }));
}

async function checkPage(browser, opts, tag, n) {
  const context = await browser.newContext();
  try {
    let found;
    const hit = new Promise((resolve) => { found = resolve; });
    await context.route('**/gtag/js*', (route) =>
      route.fulfill({ status: 200, contentType: 'application/javascript', body: tag }));
    await context.route('**/g/collect**', (route) => {
      const req = route.request();
      for (const ev of events(req.url(), req.postData())) {
        if (ev.en === 'content_view') { found(ev); }
      }
      return route.fulfill({ status: 204 });
    });
    const page = await context.newPage();
    await page.goto(`${opts.base}/p/${n}`);
    let timer;
    const ev = await Promise.race([
      hit,
      new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error(`no content_view hit within ${opts['timeout-ms']} ms`)), Number(opts['timeout-ms']));
      }),
    ]).finally(() => clearTimeout(timer));
    if (ev['ep.content_id'] !== `page-${n}`) {
      throw new Error(`content_id ${JSON.stringify(ev['ep.content_id'])}, want "page-${n}"`);
    }
    if (ev['epn.position'] === undefined || Number(ev['epn.position']) !== n) {
      throw new Error(`position ${JSON.stringify(ev['epn.position'])}, want ${n}`);
    }
  } finally {
    await context.close();
  }
}

const opts = args(process.argv);
const tag = readFileSync(opts.tag);
const pages = Number(opts.pages);
const t0 = performance.now();
const browser = await chromium.launch({
  executablePath: opts.browser,
  args: ['--no-sandbox', '--disable-background-networking', '--disable-component-update', '--disable-quic', '--no-first-run'],
});
const t1 = performance.now();
const failures = [];
let next = 0;
let passed = 0;
async function worker() {
  while (next < pages) {
    const n = next++;
    try {
      await checkPage(browser, opts, tag, n);
      passed++;
    } catch (e) {
      failures.push(`/p/${n}: ${e.message}`);
    }
  }
}
await Promise.all(Array.from({ length: Number(opts.concurrency) }, worker));
const t2 = performance.now();
await browser.close();
process.stdout.write(JSON.stringify({
  pages, passed, seconds: (t2 - t1) / 1000, launch_seconds: (t1 - t0) / 1000, failures,
}) + '\n');
process.exit(failures.length === 0 ? 0 : 1);
