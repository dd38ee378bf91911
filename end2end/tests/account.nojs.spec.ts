import { test, expect } from '@playwright/test';
import { accountJourney } from './account-journey';

test('without JavaScript: register, activate, log in, rename, change password, log out, log in again', async ({ page }) => {
  test.setTimeout(90_000);
  await accountJourney(page, { js: false });
});

test('without JavaScript the account page asks to log in first', async ({ page }) => {
  const res = await page.goto('/account');
  expect(res?.status()).toBe(401);
  await expect(page.getByTestId('login-required')).toContainText('Vui lòng đăng nhập');
  await page.getByTestId('login-required').getByRole('link', { name: 'Đăng nhập' }).click();
  await expect(page).toHaveURL(/\/login\?next=%2Faccount/);
});
