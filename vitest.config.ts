import { defineConfig } from "vitest/config";
import path from "node:path";

const alias = { "@": path.resolve(import.meta.dirname, "src") };

export default defineConfig({
  resolve: { alias },
  test: {
    environment: "node",
    testTimeout: 60_000,
    hookTimeout: 180_000,
    env: { LOG_LEVEL: "silent" },
    projects: [
      {
        extends: true,
        test: { name: "engine", include: ["tests/engine/**/*.test.ts", "tests/unit/**/*.test.ts"] },
      },
      {
        // Integration tests on a real PostgreSQL: one migrated template, cloned per file.
        extends: true,
        test: {
          name: "integration",
          include: ["tests/db/**/*.test.ts", "tests/api/**/*.test.ts", "tests/services/**/*.test.ts", "tests/jobs/**/*.test.ts"],
          globalSetup: ["tests/support/global-setup.ts"],
          fileParallelism: false,
        },
      },
    ],
  },
});
