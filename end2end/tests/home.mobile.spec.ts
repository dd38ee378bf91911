import { test, expect } from '@playwright/test';
import { watchConsole, waitForHydratedMap } from './helpers';

test('on a phone the list sits below the map', async ({ page }) => {
  const problems = watchConsole(page);
  await page.goto('/');
  await waitForHydratedMap(page);
  const map = await page.getByTestId('map').boundingBox();
  const list = await page.getByTestId('report-list').boundingBox();
  expect(map && list).toBeTruthy();
  expect(list!.y).toBeGreaterThan(map!.y + map!.height - 1);
  expect(map!.width).toBeLessThanOrEqual(390);
  expect(problems).toEqual([]);
});
