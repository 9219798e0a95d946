// ESLint for the page's modules (static/js, run in the browser) and their unit tests (tests/js, run by node).
import js from "@eslint/js";
import globals from "globals";

export default [
  js.configs.recommended,
  {
    files: ["static/js/**/*.js"],
    languageOptions: { sourceType: "module", globals: globals.browser },
  },
  {
    files: ["tests/js/**/*.mjs", "tests/js/**/*.js", "eslint.config.js"],
    languageOptions: { sourceType: "module", globals: globals.node },
  },
  {
    // Written by tests/js/numpy_fixtures.py: float32 values as Python's shortest round-trip repr. Where the exact
    // value ends in a 5 (-9.2081451416015625), the rule rounds the other way and calls the literal lossy.
    files: ["tests/js/numpy-fixtures.mjs"],
    rules: { "no-loss-of-precision": "off" },
  },
];
