import path from 'node:path';
import { defineConfig } from 'vitest/config';

const root = path.resolve(import.meta.dirname, '..');

export default defineConfig({
  root,
  // 'server-only' throws outside Next's react-server build; under test it is the empty module it is there.
  resolve: { alias: { '@': root, 'server-only': path.join(root, 'node_modules/server-only/empty.js') } },
  test: {
    include: ['server/**/*.test.ts', 'db/**/*.test.ts', 'demo/**/*.test.ts', 'runtime/**/*.test.ts', 'workers/**/*.test.ts', 'app/**/*.test.ts'],
    exclude: ['node_modules', '.next', '.vigil', 'e2e'],
    globalSetup: ['server/testing/global-setup.ts'],
    environment: 'node',
    testTimeout: 30_000,
    hookTimeout: 120_000,
    // Two cores: two forks keep the machine responsive while PostgreSQL works too.
    maxWorkers: 2,
  },
});
