import { expect, test, Page } from '@playwright/test';
import { DEMO, DEMO_PASSWORD } from './helpers';

/** Officer of UBND thành phố Đông Hà, not its lead. */
const OFFICER = '0900000006';

async function login(page: Page, phone: string, next: string) {
  await page.goto(`/login?next=${encodeURIComponent(next)}`);
  await page.getByLabel('Số điện thoại').fill(phone);
  await page.getByLabel('Mật khẩu').fill(DEMO_PASSWORD);
  await page.getByRole('button', { name: 'Đăng nhập' }).click();
}

const num = (s: string | null) => Number((s ?? '').replace(/\./g, '').trim());

test('without JavaScript the centre opens its province dashboard from the console, and an officer sees only the agency', async ({ page, request }) => {
  await login(page, DEMO.operator, '/console');
  await page.getByTestId('dashboard-link').click();
  await expect(page).toHaveURL(/\/console\/dashboard$/);
  await expect(page.getByTestId('dashboard-scope')).toHaveText('Số liệu toàn tỉnh của Trung tâm Giám sát, điều hành.');
  // The inbox tabs with their counts lead back to the console.
  await expect(page.getByTestId('dash-tab-new')).toBeVisible();
  await expect(page.getByTestId('stats-weeks').locator('tbody tr')).toHaveCount(12);
  const province = num(await page.getByTestId('total-received').locator('dd').textContent());
  expect(province).toBeGreaterThan(0);
  await expect(page.getByTestId('csv-theo-tuan')).toHaveAttribute('href', '/console/dashboard/theo-tuan.csv');
  await page.getByTestId('dash-tab-new').click();
  await expect(page).toHaveURL(/\/console\?tab=new/);
  await expect(page.getByTestId('tab-new')).toHaveAttribute('aria-current', 'page');

  // A fresh session for the officer.
  await page.context().clearCookies();
  await login(page, OFFICER, '/console/dashboard');
  await expect(page.getByTestId('dashboard-scope')).toContainText('UBND thành phố Đông Hà');
  await expect(page.getByTestId('dash-tab-mine')).toBeVisible();
  const agency = num(await page.getByTestId('total-received').locator('dd').textContent());
  expect(agency).toBeLessThan(province);
  await expect(page.getByTestId('stats-don-vi').locator('tbody tr')).toHaveCount(1);

  // Without a session the files are refused.
  const anon = await request.get('/console/dashboard/tong-hop.csv', { headers: { cookie: '' } });
  expect([401]).toContain(anon.status());
});

test('without JavaScript a citizen is refused the dashboard', async ({ page }) => {
  await login(page, DEMO.citizen, '/');
  const r = await page.goto('/console/dashboard');
  expect(r?.status()).toBe(403);
  await expect(page.getByTestId('stats-error')).toBeVisible();
});
