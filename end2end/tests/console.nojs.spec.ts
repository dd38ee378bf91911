import { expect, test, Page } from '@playwright/test';
import { CITIZEN } from './filing-journey';

/** Officer of UBND thành phố Đông Hà, not its lead. */
const OFFICER = '0900000006';

async function login(page: Page, phone: string, next: string) {
  await page.goto(`/login?next=${encodeURIComponent(next)}`);
  await page.getByLabel('Số điện thoại').fill(phone);
  await page.getByLabel('Mật khẩu').fill(CITIZEN.password);
  await page.getByRole('button', { name: 'Đăng nhập' }).click();
}

test('without JavaScript an officer opens an unassigned report of the agency, takes it and writes a note', async ({ page }) => {
  await login(page, OFFICER, '/console?tab=unassigned');
  await expect(page.getByTestId('tab-unassigned')).toHaveAttribute('aria-current', 'page');
  const row = page.getByTestId('inbox-row').first();
  const code = (await row.locator('a.code').textContent())!.trim();
  await row.locator('a.code').click();
  await expect(page.getByTestId('ws-code')).toHaveText(code);
  await expect(page.getByTestId('ws-assignee')).toHaveText('Chưa phân công');

  await page.getByTestId('take-form').getByRole('button').click();
  await expect(page).toHaveURL(new RegExp(`/console/r/${code}\\?done=assign`));
  await expect(page.getByTestId('notice')).toBeVisible();
  await expect(page.getByTestId('ws-assignee')).toHaveText('Phan Thị Mai');

  await page.getByTestId('note-form').getByLabel('Ghi chú nội bộ').fill('Đã gọi điện cho người phản ánh, hẹn kiểm tra hiện trường sáng mai.');
  await page.getByTestId('note-form').getByRole('button').click();
  await expect(page.getByTestId('ws-timeline')).toContainText('hẹn kiểm tra hiện trường');

  // Now in "mine" (looked up by its code: the officer may hold more than one page of reports).
  await page.goto(`/console?tab=mine&q=${code}`);
  await expect(page.getByTestId('inbox-row').filter({ hasText: code })).toHaveCount(1);
});

test('without JavaScript another agency\'s report is not found and a citizen is refused', async ({ page }) => {
  await login(page, OFFICER, '/console');
  const r = await page.goto('/console/r/PA-2026-999999');
  expect(r?.status()).toBe(404);
  await page.goto('/logout');
  await page.getByTestId('logout-form').getByRole('button', { name: 'Đăng xuất' }).click();
  await login(page, CITIZEN.phone, '/me/reports');
  const c = await page.goto('/console');
  expect(c?.status()).toBe(403);
  await expect(page.getByTestId('console-error')).toContainText('dành cho cán bộ');
});
