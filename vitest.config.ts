import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['reference-server/**/*.test.ts', 'harness/**/*.test.ts', 'properties/**/*.test.ts', 'scenarios/**/*.test.ts', 'reports/**/*.test.ts', 'cli/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
    reporters: ['default'],
  },
});
