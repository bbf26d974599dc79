// Jest runs the TypeScript tests under test/ with ts-jest; the global setup builds the package
// first, because the tests run the real bundles.

/** @type {import('jest').Config} */
module.exports = {
  preset: 'ts-jest',
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testTimeout: 120000,
  // Integration tests start real servers and share the machine's two cores.
  maxWorkers: 2,
  globalSetup: '<rootDir>/test/support/global-setup.js',
  setupFilesAfterEnv: ['<rootDir>/test/support/setup-cdktf.ts'],
};
