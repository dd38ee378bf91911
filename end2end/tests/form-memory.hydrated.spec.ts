import { expect, test } from '@playwright/test';
import { CITIZEN } from './filing-journey';

test('a half-written report survives a reload, and is forgotten once discarded', async ({ page }) => {
  await page.goto('/login?next=%2Freports%2Fnew');
  await page.getByLabel('Số điện thoại').fill(CITIZEN.phone);
  await page.getByLabel('Mật khẩu').fill(CITIZEN.password);
  await page.getByRole('button', { name: 'Đăng nhập' }).click();
  await expect(page.getByTestId('add-photo')).toBeEnabled();
  const form = page.getByTestId('report-form');
  await form.getByLabel('Tiêu đề').fill('Nắp cống bị vỡ');
  await form.getByLabel('Nội dung phản ánh').fill('Nắp cống trước nhà văn hoá khu phố bị vỡ, rất nguy hiểm cho người đi đường.');
  await form.getByLabel('Huyện/thị xã/thành phố').selectOption({ label: 'Thành phố Đông Hà' });
  await form.getByLabel('Sự việc khẩn cấp').check();

  // The connection drops, the page is opened again: nothing is lost.
  await page.reload();
  await expect(page.getByTestId('restored')).toBeVisible();
  await expect(form.getByLabel('Tiêu đề')).toHaveValue('Nắp cống bị vỡ');
  await expect(form.getByLabel('Nội dung phản ánh')).toHaveValue(/Nắp cống trước nhà văn hoá/);
  await expect(form.getByLabel('Huyện/thị xã/thành phố')).toHaveValue('QT-DONGHA');
  await expect(form.getByLabel('Sự việc khẩn cấp')).toBeChecked();

  // Discarded (after the question): the next form starts empty.
  await page.getByTestId('cancel-report').locator('summary').click();
  await page.getByRole('link', { name: 'Huỷ và rời trang' }).click();
  await expect(page).toHaveURL(/\/me\/reports$/);
  await page.goto('/reports/new');
  await expect(page.getByTestId('add-photo')).toBeEnabled();
  await expect(page.getByTestId('restored')).toHaveCount(0);
  await expect(form.getByLabel('Tiêu đề')).toHaveValue('');
});

test('"share" copies the report link where the browser has no share sheet', async ({ page, context }) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  await page.goto('/');
  const first = page.getByTestId('report-list').getByRole('link').first();
  await first.click();
  await expect(page.getByTestId('share')).toBeEnabled();
  const link = (await page.getByTestId('share-link').textContent())!.trim();
  expect(link).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/reports\/PA-\d{4}-\d{6,}$/);
  const hasShare = await page.evaluate(() => 'share' in navigator);
  await page.getByTestId('share').click();
  if (!hasShare) {
    await expect(page.getByTestId('share-said')).toHaveText('Đã sao chép đường dẫn.');
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(link);
  }
});
