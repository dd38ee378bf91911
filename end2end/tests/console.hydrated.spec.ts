import { expect, test, Page } from '@playwright/test';
import { CITIZEN } from './filing-journey';
import { watchConsole } from './helpers';

const PASSWORD = CITIZEN.password;
export const OPERATOR = '0900000002';
/** Leads UBND thành phố Đông Hà. */
export const LEAD = '0900000003';

export async function loginAs(page: Page, phone: string, next: string) {
  await page.goto(`/login?next=${encodeURIComponent(next)}`);
  await page.getByLabel('Số điện thoại').fill(phone);
  await page.getByLabel('Mật khẩu').fill(PASSWORD);
  await page.getByRole('button', { name: 'Đăng nhập' }).click();
  await expect(page).toHaveURL(new RegExp(`${next.replace(/[/?]/g, (c) => `\\${c}`)}$`));
}

async function logout(page: Page) {
  await page.goto('/logout');
  await page.getByTestId('logout-form').getByRole('button', { name: 'Đăng xuất' }).click();
  await expect(page.getByTestId('nav-login')).toBeVisible();
}

/** A JPEG drawn by the browser (a canvas). */
async function photo(page: Page): Promise<{ name: string; mimeType: string; buffer: Buffer }> {
  const b64 = await page.evaluate(() => {
    const c = document.createElement('canvas');
    c.width = 640;
    c.height = 480;
    const g = c.getContext('2d')!;
    g.fillStyle = 'hsl(120, 50%, 50%)';
    g.fillRect(0, 0, 640, 480);
    return c.toDataURL('image/jpeg', 0.9).split(',')[1];
  });
  return { name: 'sau-khac-phuc.jpg', mimeType: 'image/jpeg', buffer: Buffer.from(b64, 'base64') };
}

/** Opens an action's folded form in the workspace and sends it. */
async function act(page: Page, slug: string, fill?: (box: ReturnType<Page['getByTestId']>) => Promise<void>) {
  const box = page.getByTestId(`action-${slug}`);
  await box.locator('summary').click();
  if (fill) await fill(box);
  await box.getByTestId(`submit-${slug}`).click();
  await expect(page.getByTestId('notice')).toBeVisible();
}

test('citizen files, the centre verifies and dispatches, the agency resolves with a photo, the centre publishes', async ({ page }) => {
  test.setTimeout(120_000);
  const problems = watchConsole(page);

  // The citizen files a report.
  await loginAs(page, CITIZEN.phone, '/reports/new');
  await expect(page.getByTestId('add-photo')).toBeEnabled();
  const form = page.getByTestId('report-form');
  const title = `Ổ gà sâu trước chợ ${Date.now() % 100000}`;
  await form.getByLabel('Tiêu đề').fill(title);
  await form.getByLabel('Nội dung phản ánh').fill('Ổ gà sâu khoảng 20 cm ngay trước cổng chợ, xe máy đi qua rất dễ ngã.');
  await form.getByLabel('Huyện/thị xã/thành phố').selectOption({ label: 'Thành phố Đông Hà' });
  await page.getByTestId('send-report').click();
  await expect(page).toHaveURL(/\/reports\/sent\?code=PA-/);
  const code = (await page.getByTestId('sent-code').textContent())!.trim();
  await logout(page);

  // The operator finds it among the new ones and opens it.
  await loginAs(page, OPERATOR, '/console');
  await expect(page.getByTestId('tab-new')).toHaveAttribute('aria-current', 'page');
  await page.goto(`/console?tab=new&q=${code}`);
  const row = page.getByTestId('inbox-row').filter({ hasText: code });
  await expect(row).toHaveCount(1);
  await row.getByRole('link', { name: code }).click();
  await expect(page).toHaveURL(new RegExp(`/console/r/${code}`));
  await expect(page.getByTestId('ws-phone')).toContainText('+84900000005');
  await act(page, 'verify', async (box) => {
    await box.getByLabel('Lĩnh vực').selectOption({ index: 0 });
  });
  await expect(page.getByTestId('ws-status')).toContainText('Đã tiếp nhận');
  // Dispatch to the suggested agency, with the deadline the rules give.
  await expect(page.getByTestId('dispatch-due')).toContainText('/');
  await act(page, 'dispatch', async (box) => {
    // The routing rules' suggestion is chosen already (marked ★).
    await expect(box.getByLabel('Đơn vị xử lý').locator('option:checked')).toHaveText('UBND thành phố Đông Hà ★');
  });
  await expect(page.getByTestId('ws-agency')).toHaveText('UBND thành phố Đông Hà');
  await expect(page.getByTestId('ws-due')).toContainText('Còn');
  await logout(page);

  // The agency's lead accepts and resolves it with a photo.
  await loginAs(page, LEAD, '/console');
  await page.goto(`/console/r/${code}`);
  await act(page, 'accept');
  await expect(page.getByTestId('ws-assignee')).toHaveText('Hoàng Minh Tuấn');
  const resolve = page.getByTestId('action-resolve');
  await resolve.locator('summary').click();
  await resolve.getByLabel('Chọn mẫu trả lời').selectOption({ index: 1 });
  await expect(resolve.getByLabel('Kết quả xử lý')).toHaveValue(/khắc phục xong/);
  await resolve.getByTestId('add-photo').setInputFiles([await photo(page)]);
  await expect(resolve.getByTestId('upload-done')).toHaveCount(1);
  await resolve.getByTestId('submit-resolve').click();
  await expect(page.getByTestId('notice')).toBeVisible();
  await expect(page.getByTestId('ws-result')).toContainText('khắc phục xong');
  await expect(page.getByTestId('ws-result').locator('.thumbs img')).toHaveCount(1);
  await logout(page);

  // The centre publishes (after confirming).
  await loginAs(page, OPERATOR, '/console');
  await page.goto(`/console?tab=to_approve&q=${code}`);
  await page.getByTestId('inbox-row').filter({ hasText: code }).getByRole('link', { name: code }).click();
  const publish = page.getByTestId('action-publish');
  await publish.locator('summary').click();
  await publish.getByTestId('submit-publish').click();
  // Not confirmed: the browser holds the form back.
  await expect(page.getByTestId('ws-status')).toContainText('Chờ duyệt kết quả');
  await publish.getByTestId('confirm').check();
  await publish.getByTestId('submit-publish').click();
  await expect(page.getByTestId('ws-status')).toContainText('Đã xử lý');
  await logout(page);

  // Everyone sees the result and the public timeline; the citizen sees it processed.
  await page.goto(`/reports/${code}`);
  await expect(page.getByTestId('report-result')).toContainText('khắc phục xong');
  await expect(page.getByTestId('timeline')).toContainText('Công bố kết quả xử lý');
  await expect(page.getByTestId('timeline')).toContainText('UBND thành phố Đông Hà');
  await loginAs(page, CITIZEN.phone, '/me/reports');
  await expect(page.getByTestId('my-report').filter({ hasText: title })).toContainText('Đã xử lý');

  expect(problems.filter((p) => !p.includes('net::ERR_ABORTED'))).toEqual([]);
});

test('a citizen is refused the console, and two operators acting at once are told who changed it', async ({ page, browser }) => {
  await loginAs(page, CITIZEN.phone, '/me/reports');
  await page.goto('/console');
  await expect(page.getByTestId('console-error')).toContainText('dành cho cán bộ');
  await logout(page);

  await loginAs(page, OPERATOR, '/console');
  const first = page.getByTestId('inbox-row').first();
  const code = (await first.getByRole('link').first().textContent())!.trim();
  await page.goto(`/console/r/${code}`);
  // A second operator session opens the same report and rejects it first.
  const other = await browser.newPage();
  await loginAs(other, OPERATOR, '/console');
  await other.goto(`/console/r/${code}`);
  await act(other, 'reject', async (box) => {
    await box.getByLabel('Chọn mẫu trả lời').selectOption({ index: 1 });
    await box.getByTestId('confirm').check();
  });
  await other.close();
  // The first, on the page loaded before, tries to verify: told to reload, nothing done.
  const verify = page.getByTestId('action-verify');
  await verify.locator('summary').click();
  await verify.getByTestId('submit-verify').click();
  await expect(page.getByTestId('form-alert')).toContainText('tải lại');
  await page.reload();
  await expect(page.getByTestId('ws-status')).toContainText('Không tiếp nhận');
});

test('the agency lead reorders the field list by keyboard, and the console pages run without errors', async ({ page }) => {
  const problems = watchConsole(page);
  await loginAs(page, LEAD, '/console');
  await expect(page.getByTestId('tab-mine')).toHaveAttribute('aria-current', 'page');
  await expect(page.getByTestId('list-map')).toBeVisible();
  await page.getByTestId('field-link').click();
  await expect(page).toHaveURL(/\/console\/field$/);
  await expect(page.getByTestId('field-day')).toHaveText(/\d{2}\/\d{2}\/\d{4}/);
  const stops = page.getByTestId('field-stop');
  expect(await stops.count()).toBeGreaterThan(1);
  const second = (await stops.nth(1).locator('a.code').textContent())!.trim();
  // Keyboard only: focus the second stop's "move up" and press Enter.
  await stops.nth(1).getByTestId('move-up').focus();
  await page.keyboard.press('Enter');
  await expect(stops.first().locator('a.code')).toHaveText(second);
  await expect(page.locator('.leaflet-container')).toBeVisible();
  expect(problems.filter((p) => !p.includes('net::ERR_ABORTED'))).toEqual([]);
});
