import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    environment: 'node',
    include: ['tests/unit/**/*.test.ts', 'tests/integration/**/*.test.ts', 'tests/reliability/**/*.test.ts', 'tests/security/**/*.test.ts'],
    // Integration tests start real HTTP servers and SQLite files; two workers match the 2-core machines we run on.
    maxWorkers: 2,
    testTimeout: 30_000,
  },
});
