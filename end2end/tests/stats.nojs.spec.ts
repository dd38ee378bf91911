import { expect, test } from '@playwright/test';

/** "1.234" (Vietnamese grouping) → 1234. */
const num = (s: string | null) => Number((s ?? '').replace(/\./g, '').trim());

test('without JavaScript the scoreboard shows figures that add up, filters by district and downloads CSV', async ({ page, request }) => {
  await page.goto('/');
  await page.getByTestId('footer-stats').click();
  await expect(page).toHaveURL(/\/thong-ke$/);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Thống kê phản ánh hiện trường');

  const total = async (key: string) => num(await page.getByTestId(`total-${key}`).locator('dd').textContent());
  const received = await total('received');
  expect(received).toBeGreaterThan(0);
  expect(await total('in-progress') + await total('processed') + await total('declined')).toBe(received);

  // Every chart has its table; the district table adds up to the total.
  await expect(page.locator('figure.chart svg[role="img"]')).toHaveCount(3);
  const districtCells = page.getByTestId('stats-dia-ban').locator('tbody tr td:nth-child(2)');
  let sum = 0;
  for (const c of await districtCells.all()) sum += num(await c.textContent());
  expect(sum).toBe(received);
  await expect(page.getByTestId('stats-don-vi').locator('tbody tr').first()).toBeVisible();
  await expect(page.getByText('Cách tính số liệu')).toBeVisible();

  // One district, as a plain GET form.
  await page.getByTestId('stats-filter').getByLabel('Địa bàn').selectOption({ label: 'Thành phố Đông Hà' });
  await page.getByRole('button', { name: 'Xem số liệu' }).click();
  await expect(page).toHaveURL(/district=QT-DONGHA/);
  await expect(page.getByTestId('stats-dia-ban').locator('tbody tr')).toHaveCount(1);
  const inDongHa = await total('received');
  expect(inDongHa).toBeGreaterThan(0);
  expect(inDongHa).toBeLessThan(received);

  // The CSV link carries the filter; the file is UTF-8 with a BOM and the page's number.
  const href = await page.getByTestId('csv-tong-hop').getAttribute('href');
  expect(href).toBe('/thong-ke/tong-hop.csv?district=QT-DONGHA');
  const csv = await request.get(href!);
  expect(csv.status()).toBe(200);
  expect(csv.headers()['content-type']).toBe('text/csv; charset=utf-8');
  const bytes = await csv.body();
  expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
  expect(bytes.toString('utf8')).toContain(`Tiếp nhận,${inDongHa}\r\n`);

  // The open-data file: every public report of the same filter, one line each.
  const exportHref = await page.getByTestId('csv-phan-anh').getAttribute('href');
  expect(exportHref).toBe('/thong-ke/phan-anh.csv?district=QT-DONGHA');
  const all = await request.get(exportHref!);
  expect(all.status()).toBe(200);
  const text = (await all.body()).toString('utf8');
  expect(text.startsWith('\ufeffMã phản ánh,Tiêu đề,Lĩnh vực')).toBe(true);
  const lines = text.split('\r\n').filter((l) => l.length > 0).slice(1);
  expect(lines.length).toBeGreaterThan(0);
  expect(lines.length).toBeLessThanOrEqual(inDongHa);
  for (const l of lines) expect(l).toMatch(/^PA-\d{4}-\d{6,},/);
});

test('without JavaScript a wrong period is refused with a message and the form stays', async ({ page }) => {
  const r = await page.goto('/thong-ke?from=2026-06-30&to=2026-01-01');
  expect(r?.status()).toBe(400);
  await expect(page.getByTestId('stats-error')).toHaveText('Ngày bắt đầu phải trước hoặc trùng với ngày kết thúc.');
  await expect(page.getByLabel('Tiếp nhận từ ngày')).toHaveValue('2026-06-30');
  await expect(page.getByRole('button', { name: 'Xem số liệu' })).toBeVisible();
});
