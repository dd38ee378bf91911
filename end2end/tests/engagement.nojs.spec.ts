import { expect, test, Browser, Page } from '@playwright/test';
import {
  codeIn, commentHeadingCount, DEMO, fileAndResolve, findInQueue, publishResult, session, signIn,
} from './helpers';

/** "12 lượt thích" → 12. */
async function likes(page: Page): Promise<number> {
  const t = (await page.getByTestId('like-count').textContent())!.trim();
  expect(t).toMatch(/^\d+ lượt thích$/);
  return Number(t.split(' ')[0]);
}

/** The first public report on the home list whose page shows at least one comment. */
async function reportWithComments(page: Page): Promise<string> {
  for (let p = 1; p <= 3; p++) {
    await page.goto(p === 1 ? '/' : `/?page=${p}`);
    const codes = await page.getByTestId('report-list').locator('li .code').allTextContents();
    for (const c of codes.map(codeIn)) {
      await page.goto(`/reports/${c}`);
      if ((await page.getByTestId('comment').count()) > 0) return c;
    }
  }
  throw new Error('no public report with comments on the first three pages of the list');
}

test('without JavaScript a visitor reads a report\'s approved comments and its like counter, and is invited to log in', async ({ page }) => {
  const code = await reportWithComments(page);
  const section = page.getByTestId('engagement');
  const comments = section.getByTestId('comment');
  // Only approved comments, each with its author, date and text, and no moderation badge.
  const n = await comments.count();
  expect(n).toBeGreaterThan(0);
  for (const c of await comments.all()) {
    await expect(c).toHaveAttribute('data-status', 'approved');
    await expect(c.locator('.comment-head strong')).not.toBeEmpty();
    await expect(c.locator('time')).toHaveText(/\d{2}\/\d{2}\/\d{4}/);
    await expect(c.locator('.comment-body')).not.toBeEmpty();
  }
  await expect(section.getByTestId('comment-status')).toHaveCount(0);
  // The heading counts them; the side panel agrees with it and with the like counter.
  const total = await commentHeadingCount(page);
  expect(total).toBeGreaterThanOrEqual(await section.locator('ol.comments > li').count());
  const liked = await likes(page);
  await expect(page.locator('.report-side .counters')).toHaveText(`${liked} lượt thích · ${total} bình luận`);
  // A visitor gets no forms, only the invitation to log in (back to this report).
  await expect(section.getByTestId('comment-form')).toHaveCount(0);
  await expect(section.getByTestId('like-report')).toHaveCount(0);
  await expect(section.getByText('Đăng nhập để bình luận, thích và theo dõi phản ánh.')).toBeVisible();
  await expect(section.getByRole('link', { name: 'Đăng nhập' })).toHaveAttribute('href', `/login?next=${encodeURIComponent(`/reports/${code}`)}`);
});

/** A published, public report of the demo citizen that it has not rated yet. */
async function publishedToRate(browser: Browser, citizen: Page): Promise<string> {
  await citizen.goto('/me/reports?status=published');
  const rows = citizen.locator('[data-testid=my-report][data-status=published]');
  await expect(rows.first().or(citizen.getByTestId('my-reports-empty'))).toBeVisible();
  const codes = (await rows.locator('.my-meta').allTextContents()).map(codeIn);
  for (const c of codes) {
    await citizen.goto(`/reports/${c}`);
    const ready = (await citizen.getByTestId('rate-box').count()) > 0
      && (await citizen.getByTestId('rating').count()) === 0
      && (await citizen.getByTestId('own-private').count()) === 0;
    if (ready) return c;
  }
  // None: file one and drive it through the centre and the agency (with JavaScript, that
  // part is not under test here), then publish it.
  const { code } = await fileAndResolve(browser);
  const op = await session(browser, DEMO.operator, `/console/r/${code}`, { js: false });
  await publishResult(op.page, code);
  await op.context.close();
  return code;
}

test('without JavaScript the author rates a published result with a plain form, and everyone sees the rating', async ({ browser, page }) => {
  test.setTimeout(150_000);
  await signIn(page, DEMO.citizen, '/me/reports');
  const code = await publishedToRate(browser, page);
  await page.goto(`/reports/${code}`);
  await expect(page.locator('.report-meta .badge.status')).toHaveText('Đã xử lý');
  await expect(page.getByTestId('report-result').locator('p.content')).not.toBeEmpty();
  const box = page.getByTestId('rate-box');
  await expect(box).toHaveJSProperty('open', true);
  await box.getByLabel('Không hài lòng', { exact: true }).check();
  await box.getByLabel('Ý kiến thêm (không bắt buộc)').fill('Mặt đường vá chưa phẳng.');
  await page.getByTestId('rate-send').click();
  await expect(page).toHaveURL(new RegExp(`/reports/${code}\\?done=rated`));
  await expect(page.getByTestId('rating').locator('.satisfaction')).toHaveText('Không hài lòng');
  await expect(page.getByTestId('rating')).toContainText('Mặt đường vá chưa phẳng.');
  // Still changeable: the box is there, folded, with the level chosen.
  await expect(box).toHaveJSProperty('open', false);
  await expect(box.getByLabel('Không hài lòng', { exact: true })).toBeChecked();

  const anon = await session(browser, null, `/reports/${code}`, { js: false });
  await expect(anon.page.getByTestId('rating').locator('.satisfaction')).toHaveText('Không hài lòng');
  await expect(anon.page.getByTestId('rate-box')).toHaveCount(0);
  await anon.context.close();
});

test('without JavaScript a citizen likes and comments with plain forms, the centre approves, and the notification opens', async ({ browser, page }) => {
  test.setTimeout(120_000);
  // Any public report.
  await page.goto('/');
  const code = codeIn(await page.getByTestId('report-list').locator('li .code').first().textContent());
  await signIn(page, DEMO.citizen, `/reports/${code}`);
  const section = page.getByTestId('engagement');

  // Like, then take it back: the counter follows each plain post.
  const like = section.getByTestId('like-report');
  const wasLiked = (await like.getAttribute('aria-pressed')) === 'true';
  const before = await likes(page);
  await like.click();
  await expect(page).toHaveURL(new RegExp(`/reports/${code}\\?done=like`));
  await expect(section.getByTestId('like-count')).toHaveText(`${before + (wasLiked ? -1 : 1)} lượt thích`);
  await expect(like).toHaveText(wasLiked ? 'Thích' : 'Bỏ thích');
  await expect(like).toHaveAttribute('aria-pressed', String(!wasLiked));
  await like.click();
  await expect(section.getByTestId('like-count')).toHaveText(`${before} lượt thích`);
  await expect(like).toHaveText(wasLiked ? 'Bỏ thích' : 'Thích');

  // Comment: back on the report after the redirect, the comment there for its author, pending.
  const count = await commentHeadingCount(page);
  const body = `Tối nào đoạn này cũng tối om, đề nghị lắp thêm đèn (${Date.now() % 1_000_000}).`;
  await section.locator('#comment-body').fill(body);
  await section.getByTestId('comment-send').click();
  await expect(page).toHaveURL(new RegExp(`/reports/${code}\\?done=comment`));
  const mine = section.getByTestId('comment').filter({ hasText: body });
  await expect(mine).toHaveAttribute('data-status', 'pending');
  await expect(mine.getByTestId('comment-status')).toHaveText('Đang chờ duyệt');
  expect(await commentHeadingCount(page)).toBe(count);

  // A visitor does not see it.
  const anon = await session(browser, null, `/reports/${code}`, { js: false });
  await expect(anon.page.getByTestId('engagement').getByRole('heading', { name: /^Bình luận/ })).toBeVisible();
  await expect(anon.page.getByText(body)).toHaveCount(0);

  // The operator approves it from the queue, a plain form too.
  const op = await session(browser, DEMO.operator, '/console/comments?status=pending', { js: false });
  const item = await findInQueue(op.page, 'pending', body);
  await expect(item).toContainText(code);
  await item.getByTestId('moderate-approve').click();
  await expect(op.page).toHaveURL(/\/console\/comments\?status=pending&done=approve/);
  await expect(op.page.getByTestId('moderation-item').filter({ hasText: body })).toHaveCount(0);
  await op.context.close();

  // Now the visitor sees it.
  await anon.page.reload();
  await expect(anon.page.getByTestId('comment').filter({ hasText: body })).toHaveAttribute('data-status', 'approved');
  expect(await commentHeadingCount(anon.page)).toBe(count + 1);
  await anon.context.close();

  // The author's header counts an unread notification; the page lists it and opens it.
  await page.goto('/me/notifications');
  await expect(page.getByTestId('nav-notifications').getByTestId('unread-badge')).toHaveText(/^([1-9]\d?|99\+)$/);
  const note = page.locator('[data-testid=notification][data-read=false]')
    .filter({ hasText: `Bình luận của bạn về phản ánh ${code} đã được duyệt và hiển thị công khai.` }).first();
  await expect(note).toContainText('Chưa đọc');
  await expect(note.getByTestId('notification-delete')).toHaveCount(0);
  const id = await note.locator('input[name=id]').first().inputValue();
  await note.getByTestId('notification-open').click();
  await expect(page).toHaveURL(new RegExp(`/reports/${code}`));
  await expect(page.getByTestId('comment').filter({ hasText: body })).toHaveAttribute('data-status', 'approved');

  // Back on the list it is read, and a read one can be deleted.
  await page.goto('/me/notifications');
  const row = page.getByTestId('notification').filter({ has: page.locator(`input[name=id][value="${id}"]`) });
  await expect(row).toHaveAttribute('data-read', 'true');
  await expect(row).not.toContainText('Chưa đọc');
  await row.getByTestId('notification-delete').click();
  await expect(page).toHaveURL(/\/me\/notifications\?done=deleted/);
  await expect(row).toHaveCount(0);
});

test('without JavaScript the notifications page asks a visitor to log in', async ({ page }) => {
  const res = await page.goto('/me/notifications');
  expect(res?.status()).toBe(401);
  await expect(page.getByTestId('login-required')).toBeVisible();
  await expect(page.getByTestId('nav-notifications')).toHaveCount(0);
});
