import { expect, test } from '@playwright/test';
import { signIn, watchConsole } from './helpers';

const ADMIN = '0900000001';

test('hydrated: the administration pages run without errors, and a click on the map tests that point', async ({ page }) => {
  const problems = watchConsole(page);
  await signIn(page, ADMIN, '/admin/categories');
  const rows = page.getByTestId('categories-table').locator('tbody tr');
  await expect(rows.first()).toBeVisible();
  expect(await rows.count()).toBeGreaterThanOrEqual(8);

  // Client-side navigation between the pages.
  const nav = page.getByRole('navigation', { name: 'Quản trị danh mục' });
  await nav.getByRole('link', { name: 'Đơn vị xử lý' }).click();
  await expect(page).toHaveURL(/\/admin\/agencies$/);
  await expect(page.getByTestId('agency-UBND-DONGHA')).toBeVisible();
  await nav.getByRole('link', { name: 'Ngày nghỉ lễ' }).click();
  await expect(page.getByTestId('holidays-table').or(page.getByTestId('holidays-empty'))).toBeVisible();
  await nav.getByRole('link', { name: 'Quy tắc chuyển xử lý' }).click();
  await expect(page).toHaveURL(/\/admin\/routing$/);

  // The map sets the point; the test answers for it.
  const map = page.getByTestId('pin-map');
  await expect(map.locator('.leaflet-pane').first()).toBeAttached();
  const box = (await map.boundingBox())!;
  await map.click({ position: { x: box.width / 2, y: box.height / 2 } });
  await expect(page.getByTestId('route-test-form').getByLabel('Vĩ độ')).not.toHaveValue('');
  await page.getByTestId('route-test-form').getByRole('button', { name: 'Thử' }).click();
  await expect(page).toHaveURL(/lat=/);
  await expect(page.getByTestId('route-answer').or(page.getByTestId('route-error'))).toBeVisible();

  // Editing a category in place, hydrated.
  await nav.getByRole('link', { name: 'Lĩnh vực' }).click();
  const row = page.getByTestId('category-khac');
  await row.getByRole('link', { name: 'Sửa' }).click();
  await expect(page).toHaveURL(/edit=/);
  const form = page.getByTestId('category-form');
  await form.getByLabel('Thứ tự hiển thị').fill('99');
  await form.getByRole('button', { name: 'Lưu' }).click();
  await expect(page.getByTestId('notice')).toHaveText('Đã lưu thay đổi.');
  await expect(page.getByTestId('category-khac').locator('td').first()).toHaveText('99');
  expect(problems).toEqual([]);
});
