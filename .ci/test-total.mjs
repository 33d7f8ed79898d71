// Prints one closing line, "tests: N passed, N failed, N skipped", summed over the vitest JSON
// reports that `npm test` wrote (unit and browser), so CI logs end with the whole count.
import { existsSync, readFileSync } from 'node:fs';

const reports = ['test-results/unit.json', 'test-results/browser.json'];
let passed = 0;
let failed = 0;
let skipped = 0;
for (const path of reports) {
  if (!existsSync(path)) {
    console.error(`test-total: ${path} missing`);
    process.exit(1);
  }
  const report = JSON.parse(readFileSync(path, 'utf8'));
  passed += report.numPassedTests;
  failed += report.numFailedTests;
  skipped += report.numPendingTests + (report.numTodoTests ?? 0);
}
console.log(`tests: ${passed} passed, ${failed} failed, ${skipped} skipped`);
process.exit(failed > 0 || passed === 0 ? 1 : 0);
