import { test, expect } from '@playwright/test';
import { watchConsole, waitForHydratedMap, CODE_RE } from './helpers';

test('the home page shows the demo reports on the map and in the list', async ({ page }) => {
  const problems = watchConsole(page);
  await page.goto('/');
  await waitForHydratedMap(page);
  // At the province's zoom the demo's 2,000 reports are clustered; each cluster shows a count.
  const clusters = page.locator('.paht-cluster');
  const points = page.locator('path.paht-marker');
  await expect.poll(async () => (await clusters.count()) + (await points.count())).toBeGreaterThan(3);
  await expect(page.locator('.map-status')).toHaveAttribute('data-state', 'ready');
  const total = await clusters.evaluateAll((els) => els.reduce((n, el) => n + Number(el.textContent), 0));
  expect(total).toBeGreaterThan(100);

  await expect(page.getByTestId('report-list').locator('li')).toHaveCount(20);
  await expect(page.getByTestId('report-count')).toContainText('phản ánh');
  // Once the map is up, the note for browsers without JavaScript is gone.
  await expect(page.getByTestId('map-note')).toBeHidden();
  expect(problems).toEqual([]);
});

test('moving the map narrows the list to the reports in view', async ({ page }) => {
  const problems = watchConsole(page);
  await page.goto('/');
  await waitForHydratedMap(page);
  const countText = await page.getByTestId('report-count').textContent();
  // Zoom in three steps on the centre of the map.
  for (let i = 0; i < 3; i++) {
    await page.locator('.leaflet-control-zoom-in').click();
    await page.waitForTimeout(400);
  }
  await expect(page).toHaveURL(/bbox=/);
  await expect(page.getByText('Đang hiển thị các phản ánh trong vùng bản đồ.')).toBeVisible();
  await expect(page.getByTestId('report-count')).not.toHaveText(countText ?? '');
  // Every listed report lies inside the map's view.
  const bbox = new URL(page.url()).searchParams.get('bbox')!.split(',').map(Number);
  const first = page.getByTestId('report-list').locator('li a.report-link').first();
  if (await first.count()) {
    await first.click();
    await expect(page.getByTestId('point-map')).toBeVisible();
    const lat = Number(await page.getByTestId('point-map').getAttribute('data-lat'));
    const lng = Number(await page.getByTestId('point-map').getAttribute('data-lng'));
    expect(lng).toBeGreaterThanOrEqual(bbox[0]);
    expect(lat).toBeGreaterThanOrEqual(bbox[1]);
    expect(lng).toBeLessThanOrEqual(bbox[2]);
    expect(lat).toBeLessThanOrEqual(bbox[3]);
  }
  expect(problems).toEqual([]);
});

test('clicking a cluster zooms in until single reports show', async ({ page }) => {
  const problems = watchConsole(page);
  await page.goto('/');
  await waitForHydratedMap(page);
  await expect(page.locator('.paht-cluster').first()).toBeVisible();
  for (let i = 0; i < 6 && (await page.locator('path.paht-marker').count()) === 0; i++) {
    // The biggest cluster, so that the zoomed view still holds reports.
    const clusters = page.locator('.paht-cluster');
    const counts = await clusters.evaluateAll((els) => els.map((el) => Number(el.textContent)));
    if (counts.length === 0) break;
    const biggest = counts.indexOf(Math.max(...counts));
    const before = page.url();
    await clusters.nth(biggest).click();
    // The zoom ends with a new view in the URL, then the markers of that view are drawn.
    await page.waitForURL((url) => url.toString() !== before);
    await expect(page.locator('.map-status')).toHaveAttribute('data-view', new URL(page.url()).searchParams.get('bbox')!);
    await expect(page.locator('.map-status')).toHaveAttribute('data-state', 'ready');
  }
  await expect(page.locator('path.paht-marker').first()).toBeVisible();
  // A single report's popup links to its page.
  // Leaflet draws markers in one SVG and listens on the map; a click event on the path reaches it.
  await page.locator('path.paht-marker').first().dispatchEvent('click');
  const link = page.locator('.leaflet-popup-content a');
  await expect(link).toHaveAttribute('href', /\/reports\/PA-\d{4}-\d{6,}/);
  await link.click();
  await expect(page.getByTestId('report-code')).toHaveText(CODE_RE);
  expect(problems).toEqual([]);
});

test('clicking a list item opens the report page', async ({ page }) => {
  const problems = watchConsole(page);
  await page.goto('/');
  await waitForHydratedMap(page);
  const item = page.getByTestId('report-list').locator('li').first();
  const code = (await item.locator('.code').textContent())!.trim();
  const title = (await item.locator('.report-title').textContent())!.trim();
  await item.locator('a.report-link').click();
  await expect(page).toHaveURL(new RegExp(`/reports/${code}$`));
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(title);
  await expect(page.getByTestId('report-code')).toHaveText(code);
  await expect(page.getByTestId('timeline').locator('li').first()).toBeVisible();
  // The small map of the place is drawn by Leaflet.
  await expect(page.locator('[data-testid="point-map"].leaflet-container')).toBeVisible();
  expect(problems).toEqual([]);
});

test('filters narrow the list and are kept in the URL', async ({ page }) => {
  const problems = watchConsole(page);
  await page.goto('/');
  await waitForHydratedMap(page);
  await page.getByLabel('Trạng thái').selectOption('published');
  await page.getByRole('button', { name: 'Lọc' }).click();
  await expect(page).toHaveURL(/status=published/);
  const badges = page.getByTestId('report-list').locator('.badge.status');
  // The list is fetched again after the URL changes: until it arrives, the old one shows.
  await expect(badges.first()).toHaveText('Đã xử lý');
  await expect(page.getByTestId('report-list').locator('.badge.status', { hasNotText: 'Đã xử lý' })).toHaveCount(0);
  expect(problems).toEqual([]);
});

test('an unknown report code shows a clear message', async ({ page }) => {
  const response = await page.goto('/reports/PA-2020-999999');
  expect(response?.status()).toBe(404);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Không tìm thấy phản ánh');
});

test('searching without diacritics finds the reports written with them', async ({ page }) => {
  const problems = watchConsole(page);
  await page.goto('/');
  await waitForHydratedMap(page);
  // Most phone users type "rac thai" for "rác thải", often in capitals.
  await page.locator('#f-q').fill('RAC THAI');
  await page.getByRole('button', { name: 'Lọc', exact: true }).click();
  await expect(page).toHaveURL(/q=RAC/);
  const titles = page.getByTestId('report-list').locator('.report-title');
  await expect(titles.first()).toBeVisible();
  const texts = await titles.allTextContents();
  expect(texts.length).toBeGreaterThan(0);
  // The demo's waste reports say "Rác thải" in their titles; every hit holds both words.
  expect(texts.some((t) => /rác thải/i.test(t))).toBe(true);
  await expect(page.getByTestId('report-count')).not.toContainText(/^0 /);
  // The same words with their marks give the same first page.
  await page.goto('/?q=' + encodeURIComponent('rác thải'));
  const marked = await page.getByTestId('report-list').locator('.report-title').allTextContents();
  expect(marked).toEqual(texts);
  expect(problems).toEqual([]);
});
