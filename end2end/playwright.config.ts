import { defineConfig } from '@playwright/test';

// Debian's Chromium, never a downloaded browser. The server is started by scripts/test
// (release build, fresh SQLite database with demo data, local blank tiles) at BASE_URL.
const chromium = {
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: [
    '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync',
  ],
};

export default defineConfig({
  testDir: './tests',
  timeout: 30_000,
  expect: { timeout: 10_000 },
  fullyParallel: false,
  workers: 1,
  retries: 0,
  reporter: [['list']],
  use: {
    baseURL: process.env.BASE_URL ?? 'http://127.0.0.1:3000',
    launchOptions: chromium,
    locale: 'vi-VN',
    trace: 'off',
  },
  projects: [
    // The server-rendered page alone must work.
    { name: 'no-js', use: { javaScriptEnabled: false }, testMatch: /.*\.nojs\.spec\.ts/ },
    // Hydrated: the map and client-side navigation.
    { name: 'hydrated', use: { javaScriptEnabled: true, viewport: { width: 1280, height: 800 } }, testMatch: /.*\.hydrated\.spec\.ts/ },
    { name: 'mobile', use: { javaScriptEnabled: true, viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true }, testMatch: /.*\.mobile\.spec\.ts/ },
  ],
});
