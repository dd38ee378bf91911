import { expect, Browser, Locator, Page } from '@playwright/test';

/** Collects console errors and warnings (hydration mismatches are warnings) and page errors. */
export function watchConsole(page: Page): string[] {
  const problems: string[] = [];
  page.on('console', (msg) => {
    if (msg.type() === 'error' || msg.type() === 'warning') {
      problems.push(`${msg.type()}: ${msg.text()}`);
    }
  });
  page.on('pageerror', (err) => problems.push(`pageerror: ${err.message}`));
  page.on('requestfailed', (req) => {
    // The live stream is closed on purpose when the page's reports change or the page
    // goes away: the browser reports that as an aborted request, which is no failure.
    // So is the icon a navigation interrupts.
    const aborted = (req.failure()?.errorText ?? '').includes('ERR_ABORTED');
    const path = new URL(req.url()).pathname;
    if (aborted && (path === '/api/events' || path === '/favicon.svg')) return;
    problems.push(`requestfailed: ${req.url()} ${req.failure()?.errorText ?? ''}`);
  });
  // Any Content-Security-Policy violation fails the test, reported or not by the console.
  page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) => {
      console.error(`CSP violation: ${e.violatedDirective} ${e.blockedURI}`);
    });
  });
  return problems;
}

/** Waits until the wasm bundle has hydrated the page (Leaflet has taken over the map). */
export async function waitForHydratedMap(page: Page) {
  await expect(page.locator('#public-map.leaflet-container')).toBeVisible();
}

export const CODE_RE = /^PA-\d{4}-\d{6,}$/;

// ------------------------------------------------------------------ engagement specs

/** The demo accounts' shared password (README). */
export const DEMO_PASSWORD = 'Paht@2026demo';
/** Demo accounts (README): the centre's operator, Đông Hà's lead officer, the citizen Nguyễn Văn An. */
export const DEMO = { operator: '0900000002', lead: '0900000003', citizen: '0900000005' } as const;

/** Logs in from the login page and waits to land on `next` (a path, optionally with a query). */
export async function signIn(page: Page, phone: string, next: string) {
  await page.goto(`/login?next=${encodeURIComponent(next)}`);
  await page.getByLabel('Số điện thoại').fill(phone);
  await page.getByLabel('Mật khẩu').fill(DEMO_PASSWORD);
  await page.getByRole('button', { name: 'Đăng nhập' }).click();
  await expect(page).toHaveURL((u) => u.pathname + u.search === next);
}

/** A new browser context (its own cookies) logged in as `phone`, or anonymous when `phone` is null. */
export async function session(browser: Browser, phone: string | null, next: string, opts: { js?: boolean } = {}) {
  const context = await browser.newContext(opts.js === undefined ? {} : { javaScriptEnabled: opts.js });
  const page = await context.newPage();
  if (phone) await signIn(page, phone, next);
  else await page.goto(next);
  return { context, page };
}

/** The first report code in a text. */
export function codeIn(text: string | null): string {
  const m = /PA-\d{4}-\d{6,}/.exec(text ?? '');
  if (!m) throw new Error(`no report code in ${JSON.stringify(text)}`);
  return m[0];
}

/** The number the header's notification badge shows (0 without a badge); needs the bell shown. */
export async function unreadBadge(page: Page): Promise<number> {
  const bell = page.getByTestId('nav-notifications');
  await expect(bell).toBeVisible();
  const badge = bell.getByTestId('unread-badge');
  if ((await badge.count()) === 0) return 0;
  const t = (await badge.textContent())!.trim();
  return t === '99+' ? 100 : Number(t);
}

/** What the badge should read for `n` unread notifications. */
export function badgeText(n: number): string {
  return n > 99 ? '99+' : String(n);
}

/** The comment heading's count: "Bình luận (12)". */
export async function commentHeadingCount(page: Page): Promise<number> {
  const h = page.getByTestId('engagement').getByRole('heading', { name: /^Bình luận \(\d+\)$/ });
  await expect(h).toBeVisible();
  return Number(/\((\d+)\)/.exec((await h.textContent())!)![1]);
}

/** Opens a workspace action's folded form, lets `fill` complete it, sends it. */
export async function consoleAct(page: Page, slug: string, fill?: (box: Locator) => Promise<void>) {
  const box = page.getByTestId(`action-${slug}`);
  await box.locator('summary').click();
  if (fill) await fill(box);
  await box.getByTestId(`submit-${slug}`).click();
  await expect(page.getByTestId('notice')).toBeVisible();
}

/**
 * A report of the demo citizen that waits for the centre to approve its result (`resolved`):
 * filed by the citizen, verified (public) and dispatched by the operator, accepted and resolved
 * by Đông Hà's lead — all through the UI, each in its own hydrated context. Returns its code
 * and the result's text.
 */
export async function fileAndResolve(browser: Browser): Promise<{ code: string; result: string }> {
  const tag = `${Date.now() % 1_000_000}`;
  const result = `Đã vá ổ gà và trải lại mặt đường, khắc phục xong (${tag}).`;
  const open = (phone: string, next: string) => session(browser, phone, next, { js: true });

  const citizen = await open(DEMO.citizen, '/reports/new');
  const form = citizen.page.getByTestId('report-form');
  await expect(citizen.page.getByTestId('add-photo')).toBeEnabled();
  await form.getByLabel('Tiêu đề').fill(`Ổ gà trước nhà văn hoá khu phố ${tag}`);
  await form.getByLabel('Nội dung phản ánh').fill('Ổ gà rộng khoảng nửa mét trước nhà văn hoá, trời mưa đọng nước, xe máy đi qua rất nguy hiểm.');
  await form.getByLabel('Huyện/thị xã/thành phố').selectOption({ label: 'Thành phố Đông Hà' });
  await citizen.page.getByTestId('send-report').click();
  await expect(citizen.page).toHaveURL(/\/reports\/sent\?code=PA-/);
  const code = codeIn(await citizen.page.getByTestId('sent-code').textContent());
  await citizen.context.close();

  const op = await open(DEMO.operator, `/console/r/${code}`);
  await consoleAct(op.page, 'verify', async (box) => {
    await box.getByLabel('Lĩnh vực').selectOption({ index: 0 });
  });
  await expect(op.page.getByTestId('ws-status')).toContainText('Đã tiếp nhận');
  await consoleAct(op.page, 'dispatch');
  await expect(op.page.getByTestId('ws-agency')).toHaveText('UBND thành phố Đông Hà');
  await op.context.close();

  const lead = await open(DEMO.lead, `/console/r/${code}`);
  await consoleAct(lead.page, 'accept');
  await expect(lead.page.getByTestId('ws-status')).toContainText('Đang xử lý');
  await consoleAct(lead.page, 'resolve', async (box) => {
    await box.getByLabel('Kết quả xử lý').fill(result);
  });
  await expect(lead.page.getByTestId('ws-status')).toContainText('Chờ duyệt kết quả');
  await lead.context.close();
  return { code, result };
}

/** The operator approves and publishes a resolved report's result in its workspace (confirmed). */
export async function publishResult(page: Page, code: string) {
  if (!new URL(page.url()).pathname.endsWith(`/console/r/${code}`)) await page.goto(`/console/r/${code}`);
  await expect(page.getByTestId('ws-status')).toContainText('Chờ duyệt kết quả');
  await consoleAct(page, 'publish', async (box) => {
    await box.getByTestId('confirm').check();
  });
  await expect(page.getByTestId('ws-status')).toContainText('Đã xử lý');
}

/**
 * The comment with `body` in the operator's moderation queue (`status` tab), paging on
 * ("Trang sau") until it shows; the page is left where it is.
 */
export async function findInQueue(page: Page, status: string, body: string): Promise<Locator> {
  await page.goto(`/console/comments?status=${status}`);
  await expect(page.getByTestId('moderation-page')).toBeVisible();
  for (let i = 0; i < 20; i++) {
    const item = page.getByTestId('moderation-item').filter({ hasText: body });
    await expect(page.getByTestId('moderation-item').first().or(page.getByTestId('queue-empty'))).toBeVisible();
    if ((await item.count()) > 0) return item;
    const next = page.getByRole('link', { name: 'Trang sau' });
    if ((await next.count()) === 0) break;
    await next.click();
    await expect(page).toHaveURL(new RegExp(`page=${i + 1}`));
  }
  throw new Error(`comment "${body}" is not in the ${status} queue`);
}
