import { test, expect } from '@playwright/test';
import { watchConsole } from './helpers';
import { CITIZEN } from './filing-journey';

async function login(page: import('@playwright/test').Page) {
  await page.goto('/login?next=%2Freports%2Fnew');
  await page.getByLabel('Số điện thoại').fill(CITIZEN.phone);
  await page.getByLabel('Mật khẩu').fill(CITIZEN.password);
  await page.getByRole('button', { name: 'Đăng nhập' }).click();
  await expect(page).toHaveURL(/\/reports\/new$/);
  await expect(page.locator('[data-testid="pin-map"].leaflet-container')).toBeVisible();
}

test('a tap on the map sets the pin, which places the report', async ({ page, context }) => {
  test.setTimeout(60_000);
  const problems = watchConsole(page);
  await context.grantPermissions(['geolocation']);
  await context.setGeolocation({ latitude: 16.8163, longitude: 107.1003 });
  await login(page);
  await expect(page.getByTestId('pin-chosen')).toContainText('Chạm vào bản đồ');
  // The phone's position first (Đông Hà): the map zooms there; then a tap a little aside.
  await page.getByTestId('use-my-position').click();
  await expect(page.getByTestId('pin-chosen')).toHaveText('Vị trí đã chọn: 16.81630, 107.10030');
  const map = page.getByTestId('pin-map');
  await expect(map.locator('.paht-pin')).toBeVisible();
  // A tap a little aside of the pin (the locator scrolls the map into view first).
  const box = (await map.boundingBox())!;
  await map.click({ position: { x: box.width / 2 + 30, y: box.height / 2 + 10 } });
  await expect(page.getByTestId('pin-chosen')).not.toHaveText('Vị trí đã chọn: 16.81630, 107.10030');
  await expect(page.getByTestId('pin-chosen')).toContainText('Vị trí đã chọn: 16.8');
  await map.scrollIntoViewIfNeeded();
  await page.screenshot({ path: 'test-results/filing-pin-form.png' });
  const form = page.getByTestId('report-form');
  await form.getByLabel('Tiêu đề').fill('Cây xanh đổ chắn ngang đường');
  await form.getByLabel('Nội dung phản ánh').fill('Sau cơn mưa lớn, một cây xanh bị đổ chắn ngang lòng đường, xe cộ không qua lại được.');
  await page.getByTestId('send-report').click();
  await expect(page).toHaveURL(/\/reports\/sent\?code=PA-/);
  // Its page shows the place in Đông Hà, where the pin was.
  await page.getByRole('link', { name: 'Xem phản ánh của tôi' }).click();
  await page.getByTestId('my-report').filter({ hasText: 'Cây xanh đổ chắn ngang đường' }).first().getByRole('link').click();
  await expect(page.getByTestId('point-map')).toHaveAttribute('data-lat', /^16\.81/);
  await page.screenshot({ path: 'test-results/filing-pin.png' });
  expect(problems).toEqual([]);
});

test('"use my current position" puts the pin where the phone is, and says so when refused', async ({ page, context }) => {
  test.setTimeout(60_000);
  await context.grantPermissions(['geolocation']);
  await context.setGeolocation({ latitude: 16.8163, longitude: 107.1003 });
  await login(page);
  await page.getByTestId('use-my-position').click();
  await expect(page.getByTestId('pin-chosen')).toHaveText('Vị trí đã chọn: 16.81630, 107.10030');
  await expect(page.getByTestId('place-note')).toContainText('Vị trí đã chọn trên bản đồ được dùng');
  await page.getByTestId('clear-pin').click();
  await expect(page.getByTestId('pin-chosen')).toContainText('Chạm vào bản đồ');
  await expect(page.getByTestId('place-note')).toContainText('vị trí gần đúng');
  await context.clearPermissions();
  await page.getByTestId('use-my-position').click();
  await expect(page.getByTestId('pin-message')).toContainText('chưa cho phép');
});

test('a pin next to an open report shows it: "is it one of these?"', async ({ page, context }) => {
  test.setTimeout(60_000);
  // The newest report being processed, and where it is.
  await page.goto('/?status=processing');
  const first = page.getByTestId('report-list').locator('li a.report-link').first();
  const href = (await first.getAttribute('href'))!;
  const code = href.replace('/reports/', '');
  await page.goto(href);
  const point = page.getByTestId('point-map');
  const latitude = Number(await point.getAttribute('data-lat'));
  const longitude = Number(await point.getAttribute('data-lng'));
  await context.grantPermissions(['geolocation']);
  await context.setGeolocation({ latitude, longitude });
  await login(page);
  await page.getByTestId('use-my-position').click();
  const nearby = page.getByTestId('nearby');
  await expect(nearby).toContainText('Có phải một trong các phản ánh này?');
  await expect(nearby).toContainText(code);
  await expect(nearby).toContainText('cách khoảng 0 m');
});
