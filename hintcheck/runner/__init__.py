"""The suite runner as a library: jobs, running them with their engines, judging the results.

- `suite`: the suite data (`Entry`, `default_suite`, `load_entries`, `suite_dir`);
- `jobs`: a `Job` (model, property, engine, budget, options, entry) built
  from suite entries (`suite_jobs`, `entry_job`) or a direct selection
  (`direct_jobs`, `matching_entry`), and `build_model`;
- `judge`: one judge for every verdict family (`judge`, `SHRINK_SLACK`, `trace_bound`);
- `run`: `run_job` (one job through the engine registry, judged) and
  `run_jobs` (every job, each counterexample saved), `Outcome`, exit statuses;
- `rows`: the JSON row of an outcome, shared by the Python API and the CLI;
- `worst`: the worst case of a cost counter (`worst_case`).

The CLI, the tests and scripts call this package; it prints nothing.
"""
from hintcheck.runner.jobs import Job, build_model, direct_jobs, entry_job, matching_entry, suite_jobs
from hintcheck.runner.judge import SHRINK_SLACK, judge, trace_bound
from hintcheck.runner.rows import outcome_row
from hintcheck.runner.run import Outcome, exit_status, run_job, run_jobs, suite_status
from hintcheck.runner.suite import Entry, SuiteError, default_suite, load_entries, suite_dir
from hintcheck.runner.worst import at_most, worst_case

__all__ = [
    "SHRINK_SLACK", "Entry", "Job", "Outcome", "SuiteError", "at_most", "build_model", "default_suite",
    "direct_jobs", "entry_job", "exit_status", "judge", "load_entries", "matching_entry", "outcome_row",
    "run_job", "run_jobs", "suite_dir", "suite_jobs", "suite_status", "trace_bound", "worst_case",
]
