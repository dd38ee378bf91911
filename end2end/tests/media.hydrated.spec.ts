import { expect, test, Page } from '@playwright/test';
import { CITIZEN } from './filing-journey';
import { watchConsole } from './helpers';

/** A JPEG drawn by the browser itself (a canvas), as a file to attach. */
async function photo(page: Page, name: string, hue: number): Promise<{ name: string; mimeType: string; buffer: Buffer }> {
  const b64 = await page.evaluate((h) => {
    const c = document.createElement('canvas');
    c.width = 640;
    c.height = 480;
    const g = c.getContext('2d')!;
    g.fillStyle = `hsl(${h}, 60%, 55%)`;
    g.fillRect(0, 0, 640, 480);
    g.fillStyle = '#333';
    g.fillRect(0, 320, 640, 160);
    return c.toDataURL('image/jpeg', 0.9).split(',')[1];
  }, hue);
  return { name, mimeType: 'image/jpeg', buffer: Buffer.from(b64, 'base64') };
}

async function login(page: Page) {
  await page.goto('/login?next=%2Freports%2Fnew');
  await page.getByLabel('Số điện thoại').fill(CITIZEN.phone);
  await page.getByLabel('Mật khẩu').fill(CITIZEN.password);
  await page.getByRole('button', { name: 'Đăng nhập' }).click();
  await expect(page).toHaveURL(/\/reports\/new$/);
  await expect(page.getByTestId('add-photo')).toBeEnabled();
}

test('photos upload with progress, a refused file says why and keeps the form, the report shows its gallery', async ({ page }) => {
  const problems = watchConsole(page);
  await login(page);
  const form = page.getByTestId('report-form');
  const title = `Rác thải ven đường ${Date.now() % 100000}`;
  await form.getByLabel('Tiêu đề').fill(title);
  await form.getByLabel('Nội dung phản ánh').fill('Một bãi rác tự phát ven đường, bốc mùi hôi, người dân đổ rác hằng ngày.');
  await form.getByLabel('Huyện/thị xã/thành phố').selectOption({ label: 'Thành phố Đông Hà' });

  // Two photos: each uploads and shows its thumbnail.
  await page.getByTestId('add-photo').setInputFiles([await photo(page, 'bai-rac-1.jpg', 20), await photo(page, 'bai-rac-2.jpg', 200)]);
  await expect(page.getByTestId('upload-done')).toHaveCount(2);
  await expect(page.getByTestId('upload-done').first().locator('img')).toHaveJSProperty('complete', true);

  // Too big: refused at once, with the limit; not a photo: refused by the server, with why.
  await page.getByTestId('add-photo').setInputFiles({ name: 'qua-lon.jpg', mimeType: 'image/jpeg', buffer: Buffer.alloc(21 * 1024 * 1024, 1) });
  await expect(page.getByTestId('upload-failed')).toContainText('không được lớn hơn 20 MB');
  await page.getByTestId('add-photo').setInputFiles({ name: 'khong-phai-anh.jpg', mimeType: 'image/jpeg', buffer: Buffer.from('MZ this is a program, not a photo '.repeat(40)) });
  await expect(page.getByTestId('upload-failed').nth(1)).toContainText('không phải ảnh hợp lệ');
  // Everything typed is still there, and the two photos with it.
  await expect(form.getByLabel('Tiêu đề')).toHaveValue(title);
  await expect(page.getByTestId('upload-done')).toHaveCount(2);
  const ids = await page.getByTestId('media-ids').inputValue();
  expect(ids.split(',')).toHaveLength(2);

  // Sent with its photos: listed with a thumbnail, and the page shows them.
  await page.getByTestId('send-report').click();
  await expect(page).toHaveURL(/\/reports\/sent\?code=PA-/);
  const code = (await page.getByTestId('sent-code').textContent())!.trim();
  await page.goto('/me/reports');
  const row = page.getByTestId('my-report').filter({ hasText: title });
  await expect(row.locator('img.thumb')).toHaveJSProperty('complete', true);
  await page.goto(`/reports/${code}`);
  const gallery = page.getByTestId('gallery');
  await expect(gallery.locator('.thumbs img')).toHaveCount(2);
  const natural = await gallery.locator('.thumbs img').first().evaluate((img: HTMLImageElement) => img.decode().then(() => img.naturalWidth));
  expect(natural).toBe(400);
  // Tapped: the photo opens large.
  await gallery.locator('.thumbs a').first().click();
  await expect(page.getByTestId('lightbox')).toBeVisible();
  await expect(page.locator('#photo-1 img')).toBeVisible();
  await page.getByTestId('lightbox').getByRole('link', { name: 'Đóng' }).click();
  await expect(page.getByTestId('lightbox')).toBeHidden();

  // The refusals' 413/415 answers are expected; so are loads cut short by our own navigation.
  expect(problems.filter((p) => !p.includes('413') && !p.includes('415') && !p.includes('net::ERR_ABORTED'))).toEqual([]);
});

test('a draft keeps its photo; removing one before sending takes it off', async ({ page }) => {
  await login(page);
  const form = page.getByTestId('report-form');
  const title = `Cây đổ chắn lối đi ${Date.now() % 100000}`;
  await form.getByLabel('Tiêu đề').fill(title);
  await page.getByTestId('add-photo').setInputFiles([await photo(page, 'cay-1.jpg', 120), await photo(page, 'cay-2.jpg', 60)]);
  await expect(page.getByTestId('upload-done')).toHaveCount(2);
  await page.getByTestId('upload-done').nth(1).getByRole('button', { name: 'Gỡ bỏ' }).click();
  await expect(page.getByTestId('upload-done')).toHaveCount(1);
  await page.getByTestId('save-draft').click();
  await expect(page).toHaveURL(/\/me\/reports\?saved=\d+/);
  const row = page.getByTestId('my-report').filter({ hasText: title });
  await row.getByRole('link', { name: 'Sửa và gửi' }).click();
  await expect(page).toHaveURL(/\/reports\/new\?draft=\d+/);
  await expect(page.getByTestId('upload-done')).toHaveCount(1);
  await expect(page.getByTestId('upload-done')).toContainText('cay-1.jpg');
});
