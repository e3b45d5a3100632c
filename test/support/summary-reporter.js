// Prints the run's totals as one plain closing line ("tests: N passed, N failed, N skipped"),
// which CI systems that do not parse jest's own summary can read.
class SummaryReporter {
  onRunComplete(_contexts, results) {
    const { numPassedTests: passed, numFailedTests: failed, numPendingTests: skipped } = results;
    const suitesFailed = results.numFailedTestSuites;
    process.stdout.write(
      `\ntests: ${passed} passed, ${failed + (failed === 0 && suitesFailed > 0 ? suitesFailed : 0)} failed, ${skipped} skipped\n`,
    );
  }
}
module.exports = SummaryReporter;
