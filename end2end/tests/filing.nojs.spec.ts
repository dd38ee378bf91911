import { test, expect } from '@playwright/test';
import { filingJourney, loginFromTheFilingTab } from './filing-journey';

// A phone: the tab bar is the way in, and it works without JavaScript too.
test.use({ viewport: { width: 390, height: 844 } });

test('without JavaScript a report is refused, saved as a draft, finished and sent', async ({ page }) => {
  test.setTimeout(90_000);
  await loginFromTheFilingTab(page);
  await filingJourney(page);
});

test('without JavaScript "my reports" asks to log in first', async ({ page }) => {
  const res = await page.goto('/me/reports');
  expect(res?.status()).toBe(401);
  await expect(page.getByTestId('login-required')).toBeVisible();
});
