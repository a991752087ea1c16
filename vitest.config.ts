import react from '@vitejs/plugin-react';
import { defineConfig } from 'vitest/config';

// One config, several projects: node for shared/db/electron/server, jsdom for the renderer.
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'node',
          environment: 'node',
          include: [
            'test/unit/**/*.test.ts',
            'test/integration/**/*.test.ts',
            'test/reliability/**/*.test.ts',
            'test/server/**/*.test.ts',
          ],
          testTimeout: 60_000,
          hookTimeout: 60_000,
        },
      },
      {
        plugins: [react()],
        test: {
          name: 'renderer',
          environment: './test/renderer/jsdom-env.ts',
          include: ['test/renderer/**/*.test.tsx'],
          setupFiles: ['test/renderer/setup.ts'],
          // one module graph for all files (each test resets the stores and opens its own ledger)
          isolate: false,
          testTimeout: 30_000,
        },
      },
      {
        test: {
          name: 'e2e',
          environment: 'node',
          include: ['test/e2e/**/*.e2e.test.ts'],
          globalSetup: ['test/e2e/global-setup.ts'],
          testTimeout: 120_000,
          hookTimeout: 120_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
