import { test, expect } from '@playwright/test';
import { watchConsole } from './helpers';
import { filingJourney, loginFromTheFilingTab } from './filing-journey';

test('on a phone the tab bar leads to login and on to a sent report', async ({ page }) => {
  test.setTimeout(90_000);
  const problems = watchConsole(page);
  await page.goto('/');
  const bar = page.getByTestId('tab-bar');
  await expect(bar).toBeVisible();
  for (const name of ['Cộng đồng', 'Gửi phản ánh', 'Phản ánh của tôi', 'Cá nhân']) {
    await expect(bar.getByRole('link', { name })).toBeVisible();
  }
  // The bar stays in reach at the bottom of the screen.
  const box = await bar.boundingBox();
  expect(box!.y + box!.height).toBeGreaterThan(800);
  await loginFromTheFilingTab(page);
  await filingJourney(page);
  await page.screenshot({ path: 'test-results/filing-mobile.png', fullPage: true });
  // The one refused send (422, on purpose) is the only thing the console may report.
  expect(problems.filter((p) => !p.includes('status of 422'))).toEqual([]);
});
