import { test, expect } from '@playwright/test';
import { CODE_RE } from './helpers';

test('without JavaScript the home page lists reports and pages through them', async ({ page }) => {
  await page.goto('/');
  await expect(page.getByTestId('map-note')).toContainText('Bản đồ cần JavaScript.');
  await expect(page.getByTestId('map-note')).toBeVisible();
  const items = page.getByTestId('report-list').locator('li');
  await expect(items).toHaveCount(20);
  const firstCode = await items.first().locator('.code').textContent();
  await page.getByRole('link', { name: 'Trang sau' }).click();
  await expect(page).toHaveURL(/page=2/);
  await expect(page.getByText(/Trang 2 \//)).toBeVisible();
  await expect(items.first().locator('.code')).not.toHaveText(firstCode!);
});

test('without JavaScript the filter form works as a plain form', async ({ page }) => {
  await page.goto('/');
  await page.getByLabel('Khẩn cấp').check();
  await page.getByRole('button', { name: 'Lọc' }).click();
  await expect(page).toHaveURL(/urgent=1/);
  const items = page.getByTestId('report-list').locator('li');
  await expect(items.first()).toBeVisible();
  for (const li of await items.all()) await expect(li.locator('.badge.urgent')).toBeVisible();
});

test('without JavaScript a report page renders completely', async ({ page }) => {
  await page.goto('/');
  const first = page.getByTestId('report-list').locator('li').first();
  const code = (await first.locator('.code').textContent())!.trim();
  await first.locator('a.report-link').click();
  await expect(page).toHaveURL(new RegExp(`/reports/${code}$`));
  await expect(page.getByTestId('report-code')).toHaveText(CODE_RE);
  await expect(page.getByRole('heading', { level: 1 })).not.toBeEmpty();
  for (const label of ['Trạng thái', 'Lĩnh vực', 'Địa chỉ', 'Đơn vị xử lý', 'Hạn xử lý']) {
    await expect(page.locator('dt', { hasText: label })).toBeVisible();
  }
  await expect(page.getByRole('heading', { name: 'Quá trình xử lý' })).toBeVisible();
  await expect(page.getByTestId('timeline').locator('li').first()).toBeVisible();
});

test('a processed report shows its published result', async ({ page }) => {
  await page.goto('/?status=published');
  await page.getByTestId('report-list').locator('li a.report-link').first().click();
  const result = page.getByTestId('report-result');
  await expect(result.locator('p.content')).not.toBeEmpty();
  await expect(page.getByText('Công bố kết quả xử lý')).toBeVisible();
});

test('hostile query values get a clear error, not a crash', async ({ page }) => {
  const response = await page.goto('/?bbox=1,2,3&page=2');
  expect(response?.status()).toBe(400);
  await expect(page.getByRole('alert')).toContainText('Vùng bản đồ không hợp lệ');
});

test('health check answers', async ({ request }) => {
  const r = await request.get('/healthz');
  expect(r.status()).toBe(200);
  expect(await r.text()).toBe('ok');
});
