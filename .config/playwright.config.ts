import { fileURLToPath } from 'node:url';
import { defineConfig, devices } from '@playwright/test';

// Journeys run against a production build served on a fresh, throwaway database
// (see e2e/support/serve.ts). Chromium comes from the system; no browser downloads.
const root = fileURLToPath(new URL('..', import.meta.url));
// VIGIL_E2E_PORT lets two suites run side by side on one machine.
const PORT = Number(process.env.VIGIL_E2E_PORT ?? 3100);
const baseURL = `http://127.0.0.1:${PORT}`;

export default defineConfig({
  testDir: '../e2e',
  outputDir: '../e2e/.artifacts/test-results',
  fullyParallel: false,
  workers: 1,
  retries: 0,
  reporter: 'list',
  timeout: 60_000,
  expect: { timeout: 10_000 },
  use: {
    ...devices['Desktop Chrome'],
    baseURL,
    viewport: { width: 1366, height: 850 },
    screenshot: 'only-on-failure',
    trace: 'off',
    launchOptions: {
      executablePath: '/usr/bin/chromium',
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
        '--disable-quic',
      ],
    },
  },
  webServer: {
    command: 'npx tsx e2e/support/serve.ts',
    cwd: root,
    url: `${baseURL}/api/health`,
    timeout: 180_000,
    reuseExistingServer: false,
    stderr: 'pipe',
    // serve.ts stops the app, then drops the run's database; give it time to do so.
    gracefulShutdown: { signal: 'SIGTERM', timeout: 45_000 },
  },
});
