import { test, expect } from '@playwright/test';
import { accountJourney } from './account-journey';
import { watchConsole } from './helpers';

test('hydrated: register, activate, log in, rename, change password, log out, log in again', async ({ page }) => {
  test.setTimeout(90_000);
  const problems = watchConsole(page);
  await accountJourney(page, { js: true });
  // The refusals on the way are answered 422 (Chromium logs each non-2xx fetch); nothing else.
  expect(problems.filter((p) => !/status of 422/.test(p))).toEqual([]);
});

test('hydrated: an admin finds a user, disables and enables them, and reads the audit log', async ({ page }) => {
  test.setTimeout(60_000);
  const problems = watchConsole(page);
  await page.goto('/login');
  await page.getByLabel('Số điện thoại').fill('0900000001');
  await page.getByLabel('Mật khẩu').fill('Paht@2026demo');
  await page.getByRole('button', { name: 'Đăng nhập' }).click();
  await expect(page).toHaveURL(/\/account$/);

  await page.getByTestId('account-name').click();
  await page.getByTestId('account-menu').getByRole('link', { name: 'Quản lý người dùng' }).click();
  await expect(page).toHaveURL(/\/admin\/users$/);
  await page.getByLabel('Tên hoặc số điện thoại').fill('0900 000 005');
  await page.getByRole('button', { name: 'Lọc' }).click();
  const rows = page.getByTestId('users-table').locator('tbody tr');
  await expect(rows).toHaveCount(1);
  await rows.first().locator('summary', { hasText: 'Khoá tài khoản' }).click();
  await expect(rows.first().getByText(/Người dùng sẽ bị đăng xuất/)).toBeVisible();
  await rows.first().getByRole('button', { name: 'Xác nhận' }).click();
  await expect(page.getByTestId('notice')).toHaveText('Đã cập nhật tài khoản.');
  await expect(page).toHaveURL(/q=0900/);
  await expect(rows).toHaveCount(1);
  await expect(rows.first()).toContainText('Nguyễn Văn An');
  await expect(rows.first()).toContainText('Đã khoá');
  await rows.first().getByRole('button', { name: 'Mở khoá' }).click();
  await expect(rows.first()).toContainText('Đang hoạt động');

  await page.goto('/admin/audit');
  await page.getByLabel('Thao tác').selectOption('user_disabled');
  await page.getByRole('button', { name: 'Lọc' }).click();
  await expect(page).toHaveURL(/action=user_disabled/);
  const audit = page.getByTestId('audit-table').locator('tbody tr');
  await expect(audit.first()).toContainText('Khoá tài khoản');
  await expect(audit.first()).toContainText('user #');
  expect(problems).toEqual([]);
});

test('hydrated: an operator cannot open the administration', async ({ page }) => {
  await page.goto('/login');
  await page.getByLabel('Số điện thoại').fill('0900000002');
  await page.getByLabel('Mật khẩu').fill('Paht@2026demo');
  await page.getByRole('button', { name: 'Đăng nhập' }).click();
  await expect(page).toHaveURL(/\/account$/);
  const res = await page.goto('/admin/users');
  expect(res?.status()).toBe(403);
  await expect(page.getByTestId('admin-error')).toHaveText('Bạn không có quyền thực hiện chức năng này.');
});
