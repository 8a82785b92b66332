/**
 * Replaced at build time by vite.config.ts's `define`: true only in the test builds (dist-test/, dist-firefox-test/).
 * Undefined where no bundler replaced it (unit tests): read it as `typeof __CVI_TEST_HOOK__ !== 'undefined' && ...`.
 */
declare const __CVI_TEST_HOOK__: boolean;
