import { defineConfig } from 'vitest/config';

// Unit tests touch only pure code; integration tests use real parts (gnome-keyring over
// D-Bus, s3rver, the DashScope simulator, real files). test/run-all.mjs decides whether the
// integration tier runs inside a D-Bus session.
export default defineConfig({
  test: {
    include: ['test/unit/**/*.test.ts', 'test/integration/**/*.test.ts'],
    environment: 'node',
    pool: 'forks',
    testTimeout: 20_000,
    hookTimeout: 20_000,
    server: { deps: { inline: ['electron-store'] } },
  },
});
