import { expect, test, Browser, Page } from '@playwright/test';
import {
  badgeText, codeIn, commentHeadingCount, DEMO, fileAndResolve, findInQueue, publishResult,
  session, signIn, unreadBadge, watchConsole,
} from './helpers';

/** Live updates must arrive about this fast (the brief: "within ~2 s"), with no reload. */
const LIVE_MS = 2_500;

/** Problems worth failing for: an EventSource closed by a navigation or a closed tab aborts. */
function real(problems: string[]): string[] {
  return problems.filter((p) => !p.includes('net::ERR_ABORTED'));
}

/**
 * Opens a report page and waits until it is hydrated (Leaflet drew the point map) and its
 * live stream, watching this report, is open.
 */
async function openLive(page: Page, code: string) {
  const stream = page.waitForResponse((r) => r.url().includes('/api/events') && decodeURIComponent(r.url()).includes(code));
  await page.goto(`/reports/${code}`);
  await expect(page.getByTestId('report-code')).toHaveText(code);
  await expect(page.locator('[data-testid=point-map].leaflet-container')).toBeVisible();
  expect((await stream).status()).toBe(200);
}

/** A resolved report of the demo citizen, from "my reports" if there is one, else filed and driven there. */
async function resolvedReportOfCitizen(browser: Browser, citizen: Page): Promise<{ code: string; result: string | null }> {
  await citizen.goto('/me/reports?status=resolved');
  const rows = citizen.locator('[data-testid=my-report][data-status=resolved]');
  await expect(rows.first().or(citizen.getByTestId('my-reports-empty'))).toBeVisible();
  if ((await rows.count()) > 0) return { code: codeIn(await rows.first().locator('.my-meta').textContent()), result: null };
  return fileAndResolve(browser);
}

test('the author sees the result published live, the badge count rises, then rates and changes the rating', async ({ browser, page }) => {
  test.setTimeout(150_000);
  const problems = watchConsole(page);
  await signIn(page, DEMO.citizen, '/me/reports');
  const { code, result } = await resolvedReportOfCitizen(browser, page);

  // The citizen has the report open, waiting for the centre.
  await openLive(page, code);
  const meta = page.locator('.report-meta .badge.status');
  await expect(meta).toHaveText('Chờ duyệt kết quả');
  await expect(page.getByTestId('report-result')).toContainText('Chưa có kết quả xử lý được công bố.');
  await expect(page.getByTestId('rate-box')).toHaveCount(0);
  const before = await unreadBadge(page);

  // The operator publishes the result in the workspace.
  const op = await session(browser, DEMO.operator, `/console/r/${code}`);
  await publishResult(op.page, code);

  // No reload: the citizen's page shows the published result and the badge counts one more.
  await expect(meta).toHaveText('Đã xử lý', { timeout: LIVE_MS });
  const shown = page.getByTestId('report-result').locator('p.content');
  await expect(shown).not.toBeEmpty({ timeout: LIVE_MS });
  if (result) await expect(shown).toHaveText(result);
  await expect(page.getByTestId('nav-notifications').getByTestId('unread-badge')).toHaveText(badgeText(before + 1), { timeout: LIVE_MS });
  await op.context.close();

  // Now the author may rate: the three levels, nothing rated yet; "not satisfied" is offered too.
  const box = page.getByTestId('rate-box');
  await expect(box).toBeVisible();
  await expect(box).toHaveJSProperty('open', true);
  await expect(box.locator('input[name=level]')).toHaveCount(3);
  for (const label of ['Rất hài lòng', 'Hài lòng', 'Không hài lòng']) {
    await expect(box.getByLabel(label, { exact: true })).not.toBeChecked();
  }
  await expect(page.getByTestId('rating')).toHaveCount(0);
  await expect(page.getByTestId('answer-box')).toBeVisible();

  await box.getByLabel('Hài lòng', { exact: true }).check();
  await page.getByTestId('rate-send').click();
  const rating = page.getByTestId('rating');
  await expect(rating).toContainText('Đánh giá của người phản ánh');
  await expect(rating.locator('.satisfaction')).toHaveText('Hài lòng');

  // The box now folds away and offers to change the rating, the current level chosen.
  await expect(box).toHaveJSProperty('open', false);
  await box.locator('summary').click();
  await expect(box.getByLabel('Hài lòng', { exact: true })).toBeChecked();
  await expect(box).toContainText('thay đổi đánh giá trong vòng 7 ngày');
  await box.getByLabel('Rất hài lòng', { exact: true }).check();
  await page.getByTestId('rate-send').click();
  await expect(rating.locator('.satisfaction')).toHaveText('Rất hài lòng');

  // Everyone sees the author's rating on a public report; a private one stays hidden.
  const isPublic = (await page.getByTestId('own-private').count()) === 0;
  const anon = await session(browser, null, `/reports/${code}`);
  if (isPublic) {
    await expect(anon.page.getByTestId('rating').locator('.satisfaction')).toHaveText('Rất hài lòng');
    await expect(anon.page.getByTestId('rate-box')).toHaveCount(0);
  } else {
    await expect(anon.page.getByRole('heading', { level: 1 })).toHaveText('Không tìm thấy phản ánh');
    await expect(anon.page.getByTestId('rating')).toHaveCount(0);
  }
  await anon.context.close();

  expect(real(problems)).toEqual([]);
});

test('a comment waits for moderation, the operator approves it, everyone sees it and the author is told', async ({ browser, page }) => {
  test.setTimeout(120_000);
  const problems = watchConsole(page);

  // A public report, and what an anonymous visitor sees of its comments.
  const anon = await session(browser, null, '/');
  const first = anon.page.getByTestId('report-list').locator('li').first();
  const code = codeIn(await first.locator('.code').textContent());
  await anon.page.goto(`/reports/${code}`);
  await expect(anon.page.getByTestId('engagement').getByRole('link', { name: 'Đăng nhập' })).toBeVisible();
  await expect(anon.page.getByTestId('comment-form')).toHaveCount(0);
  const countBefore = await commentHeadingCount(anon.page);

  // The operator has the moderation queue open.
  const op = await session(browser, DEMO.operator, '/console/comments?status=pending');
  // Loaded afresh, hydrated, with its live stream open.
  const opStream = op.page.waitForResponse((r) => r.url().includes('/api/events'));
  await op.page.reload();
  expect((await opStream).status()).toBe(200);
  await expect(op.page.getByTestId('moderation-page')).toBeVisible();
  await expect(op.page.locator('[data-testid=moderation-item], [data-testid=queue-empty]').first()).toBeVisible();
  const queueHasRoom = (await op.page.getByRole('link', { name: 'Trang sau' }).count()) === 0
    && (await op.page.getByTestId('moderation-item').count()) < 20;

  // The citizen comments.
  await signIn(page, DEMO.citizen, '/me/reports');
  await openLive(page, code);
  const badgeBefore = await unreadBadge(page);
  const body = `Đoạn này tối qua vẫn còn đọng nước, mong sớm khắc phục (${Date.now() % 1_000_000}).`;
  await page.getByTestId('comment-form').locator('#comment-body').fill(body);
  await page.getByTestId('comment-send').click();
  const mine = page.getByTestId('comment').filter({ hasText: body });
  await expect(mine).toHaveAttribute('data-status', 'pending');
  await expect(mine.getByTestId('comment-status')).toHaveText('Đang chờ duyệt');
  // Sent, the form is empty again (soft: the rest of the journey still runs).
  await expect.soft(page.getByTestId('comment-form').locator('#comment-body')).toHaveValue('');

  // Nobody else sees it yet.
  await anon.page.reload();
  await expect(anon.page.getByTestId('engagement').getByRole('heading', { name: /^Bình luận/ })).toBeVisible();
  await expect(anon.page.getByText(body)).toHaveCount(0);
  expect(await commentHeadingCount(anon.page)).toBe(countBefore);

  // It reaches the operator's open queue without a reload (when the queue's first page has room).
  let item = op.page.getByTestId('moderation-item').filter({ hasText: body });
  if (queueHasRoom) {
    await expect(item).toHaveCount(1, { timeout: LIVE_MS });
  } else {
    item = await findInQueue(op.page, 'pending', body);
  }
  await expect(item).toContainText(code);
  await expect(item).toContainText('Nguyễn Văn An');
  await item.getByTestId('moderate-approve').click();
  await expect(op.page.getByTestId('moderation-item').filter({ hasText: body })).toHaveCount(0);
  const approved = await findInQueue(op.page, 'approved', body);
  await expect(approved.getByTestId('moderate-hide')).toBeVisible();
  await op.context.close();

  // The author's badge counts the notification, live.
  await expect(page.getByTestId('nav-notifications').getByTestId('unread-badge')).toHaveText(badgeText(badgeBefore + 1), { timeout: LIVE_MS });

  // The visitor sees the comment, approved, and the count went up by one.
  await anon.page.reload();
  const seen = anon.page.getByTestId('comment').filter({ hasText: body });
  await expect(seen).toHaveAttribute('data-status', 'approved');
  await expect(seen.getByTestId('comment-status')).toHaveCount(0);
  await expect(seen).toContainText('Nguyễn Văn An');
  expect(await commentHeadingCount(anon.page)).toBe(countBefore + 1);
  await anon.context.close();

  // The author reads the notification and opens it: the report, the comment public now.
  await page.getByTestId('nav-notifications').click();
  await expect(page).toHaveURL(/\/me\/notifications$/);
  const note = page.locator('[data-testid=notification][data-read=false]').filter({ hasText: `Bình luận của bạn về phản ánh ${code} đã được duyệt` }).first();
  await expect(note).toBeVisible();
  await expect(note).toContainText('Chưa đọc');
  const id = await note.locator('input[name=id]').first().inputValue();
  await note.getByTestId('notification-open').click();
  await expect(page).toHaveURL(new RegExp(`/reports/${code}`));
  await expect(page.getByTestId('comment').filter({ hasText: body })).toHaveAttribute('data-status', 'approved');
  const badge = page.getByTestId('nav-notifications').getByTestId('unread-badge');
  if (badgeBefore === 0) await expect(badge).toHaveCount(0);
  else await expect(badge).toHaveText(badgeText(badgeBefore));

  // Read now; a read notification may be deleted.
  await page.goto('/me/notifications');
  const row = page.getByTestId('notification').filter({ has: page.locator(`input[name=id][value="${id}"]`) });
  await expect(row).toHaveAttribute('data-read', 'true');
  await row.getByTestId('notification-delete').click();
  await expect(row).toHaveCount(0);

  expect(real(problems)).toEqual([]);
});

test('a report a citizen sends appears in the operator\'s open inbox without a reload', async ({ browser, page }) => {
  test.setTimeout(90_000);
  const problems = watchConsole(page);
  const tag = `${Date.now() % 1_000_000}`;
  const title = `Cây đổ chắn ngang đường số ${tag}`;
  // The operator watches the "new" tab narrowed to words of the coming report: empty for now.
  await signIn(page, DEMO.operator, '/console');
  const stream = page.waitForResponse((r) => r.url().includes('/api/events'));
  await page.goto(`/console?tab=new&q=${encodeURIComponent(tag)}`);
  await expect(page.getByTestId('console-empty')).toBeVisible();
  expect((await stream).status()).toBe(200);

  // A citizen sends it from another browser.
  const citizen = await session(browser, DEMO.citizen, '/reports/new');
  const form = citizen.page.getByTestId('report-form');
  await expect(citizen.page.getByTestId('add-photo')).toBeEnabled();
  await form.getByLabel('Tiêu đề').fill(title);
  await form.getByLabel('Nội dung phản ánh').fill('Một cây xà cừ lớn bị gió quật đổ, chắn ngang cả hai làn đường, xe cộ không qua được.');
  await form.getByLabel('Huyện/thị xã/thành phố').selectOption({ label: 'Thành phố Đông Hà' });
  await citizen.page.getByTestId('send-report').click();
  await expect(citizen.page).toHaveURL(/\/reports\/sent\?code=PA-/);
  const code = codeIn(await citizen.page.getByTestId('sent-code').textContent());
  await citizen.context.close();

  // No reload: the row is there, with its code and title.
  const row = page.getByTestId('inbox-row').filter({ hasText: code });
  await expect(row).toHaveCount(1, { timeout: LIVE_MS });
  await expect(row).toContainText(title);
  expect(real(problems)).toEqual([]);
});
