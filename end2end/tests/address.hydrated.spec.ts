import { expect, test } from '@playwright/test';
import { CITIZEN } from './filing-journey';

test('an address typed without diacritics finds the place, which sets the pin and the area', async ({ page }) => {
  await page.goto('/login?next=%2Freports%2Fnew');
  await page.getByLabel('Số điện thoại').fill(CITIZEN.phone);
  await page.getByLabel('Mật khẩu').fill(CITIZEN.password);
  await page.getByRole('button', { name: 'Đăng nhập' }).click();
  await expect(page.getByTestId('add-photo')).toBeEnabled();
  await page.getByTestId('address').pressSequentially('dong le', { delay: 30 });
  const hit = page.getByTestId('place-hits').getByRole('button', { name: /Phường Đông Lễ/ });
  await expect(hit).toBeVisible();
  await hit.click();
  await expect(page.getByLabel('Huyện/thị xã/thành phố')).toHaveValue('QT-DONGHA');
  await expect(page.getByLabel('Xã/phường/thị trấn')).toHaveValue('QT-DONGHA-DLE');
  await expect(page.getByTestId('pin-map')).toHaveAttribute('data-lat', /^\d+\.\d+/);
  await expect(page.getByTestId('place-set')).toContainText('kéo ghim');
  await expect(page.getByTestId('place-hits')).toHaveCount(0);
});
