import { expect, Page } from '@playwright/test';

/** Collects console errors and warnings (hydration mismatches are warnings) and page errors. */
export function watchConsole(page: Page): string[] {
  const problems: string[] = [];
  page.on('console', (msg) => {
    if (msg.type() === 'error' || msg.type() === 'warning') {
      problems.push(`${msg.type()}: ${msg.text()}`);
    }
  });
  page.on('pageerror', (err) => problems.push(`pageerror: ${err.message}`));
  page.on('requestfailed', (req) => problems.push(`requestfailed: ${req.url()} ${req.failure()?.errorText ?? ''}`));
  // Any Content-Security-Policy violation fails the test, reported or not by the console.
  page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) => {
      console.error(`CSP violation: ${e.violatedDirective} ${e.blockedURI}`);
    });
  });
  return problems;
}

/** Waits until the wasm bundle has hydrated the page (Leaflet has taken over the map). */
export async function waitForHydratedMap(page: Page) {
  await expect(page.locator('#public-map.leaflet-container')).toBeVisible();
}

export const CODE_RE = /^PA-\d{4}-\d{6,}$/;
