import { expect, test } from '@playwright/test';

const num = (s: string | null) => Number((s ?? '').replace(/\./g, '').trim());

test('the scoreboard opens from the header, hydrates without errors and agrees with its CSV', async ({ page, request }) => {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
  await page.goto('/');
  await page.getByRole('navigation', { name: 'Bản đồ' }).getByRole('link', { name: 'Thống kê' }).click();
  await expect(page).toHaveURL(/\/thong-ke$/);
  await expect(page.getByTestId('stats-totals')).toBeVisible();
  const received = num(await page.getByTestId('total-received').locator('dd').textContent());
  expect(received).toBeGreaterThan(0);
  // Each month's row and bar: twelve of them.
  await expect(page.getByTestId('stats-months').locator('tbody tr')).toHaveCount(12);
  await expect(page.locator('figure.chart').nth(2).locator('rect.bar-received')).toHaveCount(13);

  const csv = await request.get('/thong-ke/tong-hop.csv');
  expect((await csv.text())).toContain(`Tiếp nhận,${received}\r\n`);

  // The agency table: percentages written the Vietnamese way.
  const firstAgency = page.getByTestId('stats-don-vi').locator('tbody tr').first();
  await expect(firstAgency.locator('td').nth(2)).toHaveText(/^(\d{1,3},\d %|—)$/);
  await page.screenshot({ path: 'test-results/stats.png', fullPage: true });
  expect(errors).toEqual([]);
});
