#!/usr/bin/env python3
"""Runs the driver test suite (tests/driver/test_*.py) against a cairnd binary.

usage: run_driver_tests.py BINARY [--filter PATTERN]... [--junit FILE] [--list]
                           [--workdir DIR] [--keep] [--test-timeout S] [--verbose]

Every test_*.py module here is loaded with unittest; each module shares one node
(started by its first class, stopped with SIGTERM by its tearDownModule, which asserts
exit code 0). A test id is module.Class.method; --filter keeps the tests whose id
contains PATTERN, or matches it as a glob when it has * ? or [ (repeatable: any match).

Each test prints one line (PASS/FAIL/ERROR/SKIP, id, seconds); a failure also prints
its traceback and the tail of its node's logs. The run ends with the line
"N passed, N failed[, N skipped]" and exits non-zero when anything failed.

The driver's own log goes to WORKDIR/driver.log; nodes live in WORKDIR/<module>-<n>/
(config cairn.yaml, stdout/stderr cairnd.out, log_file cairnd.log, data/, commitlog/).
WORKDIR is removed after a clean run unless --keep.

The DataStax driver is Debian's python3-cassandra, installed for /usr/bin/python3; when
the python3 running this lacks it, the script re-executes itself with /usr/bin/python3.
"""

import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))


def _ensure_driver():
    import importlib.util
    if importlib.util.find_spec("cassandra") is not None:
        return
    system_python = "/usr/bin/python3"
    if os.path.realpath(sys.executable) != os.path.realpath(system_python) \
            and os.path.exists(system_python) and not os.environ.get("CAIRN_DRIVER_REEXEC"):
        os.environ["CAIRN_DRIVER_REEXEC"] = "1"
        os.execv(system_python, [system_python] + sys.argv)
    sys.stderr.write("run_driver_tests: the DataStax Python driver is missing "
                     "(apt-get install python3-cassandra)\n")
    sys.exit(2)


_ensure_driver()
sys.dont_write_bytecode = True   # no __pycache__ in the source tree

import argparse  # noqa: E402
import faulthandler  # noqa: E402
import fnmatch  # noqa: E402
import importlib  # noqa: E402
import logging  # noqa: E402
import shutil  # noqa: E402
import tempfile  # noqa: E402
import threading  # noqa: E402
import time  # noqa: E402
import traceback  # noqa: E402
import unittest  # noqa: E402
import xml.etree.ElementTree as ET  # noqa: E402

sys.path.insert(0, HERE)
import harness  # noqa: E402

# Modules run in this order (the basics first); any other test_*.py after them.
MODULE_ORDER = ["test_connect", "test_protocol", "test_schema", "test_crud", "test_ttl",
                "test_batch", "test_prepared", "test_paging", "test_errors",
                "test_compression", "test_restart"]


def discover_modules():
    names = sorted(f[:-3] for f in os.listdir(HERE) if f.startswith("test_") and f.endswith(".py"))
    ordered = [m for m in MODULE_ORDER if m in names]
    return ordered + [m for m in names if m not in ordered]


def iter_tests(suite):
    for item in suite:
        if isinstance(item, unittest.TestSuite):
            yield from iter_tests(item)
        else:
            yield item


def matches(test_id, patterns):
    if not patterns:
        return True
    for p in patterns:
        if any(ch in p for ch in "*?["):
            if fnmatch.fnmatchcase(test_id, p):
                return True
        elif p in test_id:
            return True
    return False


class Watchdog:
    """Ends the run if one test takes longer than `limit` seconds: prints every thread's
    stack, SIGKILLs the nodes, prints the summary so far and exits 1."""

    def __init__(self, limit, result_ref):
        self.limit = limit
        self.result_ref = result_ref
        self.deadline = None
        self.current = None
        self.lock = threading.Lock()
        t = threading.Thread(target=self._run, name="watchdog", daemon=True)
        t.start()

    def arm(self, test_id):
        with self.lock:
            self.current = test_id
            self.deadline = time.monotonic() + self.limit

    def disarm(self):
        with self.lock:
            self.deadline = None

    def _run(self):
        while True:
            time.sleep(1)
            with self.lock:
                expired = self.deadline is not None and time.monotonic() > self.deadline
                current = self.current
            if expired:
                out = sys.stdout
                out.write("\nTIMEOUT %s: no result within %d s; thread stacks:\n" % (current, self.limit))
                out.flush()
                faulthandler.dump_traceback(file=out, all_threads=True)
                harness.kill_all_nodes()
                r = self.result_ref[0]
                passed, failed, skipped = r.counts() if r else (0, 0, 0)
                failed += 1
                out.write("%d passed, %d failed%s\n" % (passed, failed, ", %d skipped" % skipped if skipped else ""))
                out.flush()
                os._exit(1)


class Result(unittest.TestResult):
    """Prints one line per test as it finishes; keeps records for the summary/junit."""

    def __init__(self, watchdog, stream=sys.stdout):
        super().__init__()
        self.out = stream
        self.watchdog = watchdog
        self.records = []  # (id, status, seconds, detail)
        self.started = set()
        self._subfailures = {}
        self._start = {}

    def counts(self):
        """(passed, failed, skipped) over tests; a failed setUpClass/setUpModule is counted
        through the tests it kept from running (see add_not_run), a failed tearDown* (a
        node that did not stop cleanly) as one failure of its own."""
        passed = sum(1 for r in self.records if r[1] == "PASS")
        failed = sum(1 for r in self.records if r[1] in ("FAIL", "ERROR") and not _is_setup_fixture(r[0]))
        skipped = sum(1 for r in self.records if r[1] == "SKIP")
        return passed, failed, skipped

    def add_not_run(self, tests):
        """Tests that never started because their class or module setup failed."""
        for test in tests:
            if test.id() not in self.started:
                self._emit(test, "ERROR", "not run: its setUpClass or setUpModule failed (see above)")

    def startTest(self, test):
        super().startTest(test)
        self.started.add(test.id())
        self._start[test.id()] = time.monotonic()
        self.watchdog.arm(test.id())

    def stopTest(self, test):
        super().stopTest(test)
        pending = self._subfailures.pop(test.id(), None)
        if pending:
            status = "ERROR" if any(st == "ERROR" for st, _ in pending) else "FAIL"
            self._emit(test, status, "%d subtest(s) failed:\n" % len(pending) + "\n".join(d for _, d in pending))
        # class and module fixtures (node start/stop, data loading) run between tests:
        # they get the same limit
        self.watchdog.arm("class/module fixtures after " + test.id())

    def _emit(self, test, status, detail=""):
        tid = test.id() if hasattr(test, "id") else str(test)
        pending = self._subfailures.pop(tid, None)
        if pending and status in ("FAIL", "ERROR"):
            detail = "%d subtest(s) failed:\n%s\nthen:\n%s" % (
                len(pending), "\n".join(d for _, d in pending), detail)
        seconds = max(0.0, time.monotonic() - self._start.get(tid, time.monotonic()))
        self.records.append((tid, status, seconds, detail))
        line = "%-5s %s (%.2fs)" % (status, tid, seconds)
        if status == "SKIP":
            line += " -- " + detail
        self.out.write(line + "\n")
        if status in ("FAIL", "ERROR"):
            self.out.write(_indent(detail) + "\n")
            tails = _node_tails(tid)
            if tails:
                self.out.write(_indent(tails) + "\n")
        self.out.flush()

    def addSuccess(self, test):
        super().addSuccess(test)
        self._emit(test, "PASS")

    def addFailure(self, test, err):
        super().addFailure(test, err)
        self._emit(test, "FAIL", self._exc_info_to_string(err, test))

    def addError(self, test, err):
        super().addError(test, err)
        # setUpClass/tearDownModule errors arrive as a _ErrorHolder "test"
        self._emit(test, "ERROR", self._exc_info_to_string(err, test))

    def addSkip(self, test, reason):
        super().addSkip(test, reason)
        self._emit(test, "SKIP", reason)

    def addExpectedFailure(self, test, err):
        super().addExpectedFailure(test, err)
        self._emit(test, "PASS", "expected failure")

    def addUnexpectedSuccess(self, test):
        super().addUnexpectedSuccess(test)
        self._emit(test, "FAIL", "unexpected success")

    def addSubTest(self, test, subtest, err):
        # One line per test, not per subTest: failed subtests are gathered and reported
        # with the test when it stops.
        super().addSubTest(test, subtest, err)
        if err is not None:
            status = "FAIL" if issubclass(err[0], test.failureException) else "ERROR"
            self._subfailures.setdefault(test.id(), []).append(
                (status, "[%s]\n%s" % (subtest._subDescription(), self._exc_info_to_string(err, test))))


def _is_setup_fixture(test_id):
    return test_id.startswith("setUpClass (") or test_id.startswith("setUpModule (")


def _indent(text, prefix="    "):
    return "\n".join(prefix + line for line in text.rstrip().splitlines())


def _node_tails(test_id):
    # "setUpClass (test_x.Class)" or "test_x.Class.test_y"
    module = test_id.split("(")[-1].strip(")").split(".")[0].strip()
    parts = []
    for node in harness.module_nodes(module):
        parts.append("%r:\n%s" % (node, node.log_tail(25)))
    return "\n".join(parts)


def write_junit(path, records, total_seconds):
    suite = ET.Element("testsuite", name="cairn-driver-tests", tests=str(len(records)),
                       failures=str(sum(1 for r in records if r[1] == "FAIL")),
                       errors=str(sum(1 for r in records if r[1] == "ERROR")),
                       skipped=str(sum(1 for r in records if r[1] == "SKIP")),
                       time="%.3f" % total_seconds)
    for tid, status, seconds, detail in records:
        classname, _, name = tid.rpartition(".")
        case = ET.SubElement(suite, "testcase", classname=classname, name=name, time="%.3f" % seconds)
        if status == "FAIL":
            ET.SubElement(case, "failure", message=detail.strip().splitlines()[-1] if detail.strip() else "").text = detail
        elif status == "ERROR":
            ET.SubElement(case, "error", message=detail.strip().splitlines()[-1] if detail.strip() else "").text = detail
        elif status == "SKIP":
            ET.SubElement(case, "skipped", message=detail)
    ET.ElementTree(suite).write(path, encoding="utf-8", xml_declaration=True)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("binary", help="path to cairnd")
    parser.add_argument("--filter", action="append", default=[], metavar="PATTERN",
                        help="run only tests whose id contains PATTERN (or matches it as a glob)")
    parser.add_argument("--junit", metavar="FILE", help="also write a JUnit XML report")
    parser.add_argument("--list", action="store_true", help="list the selected tests and exit")
    parser.add_argument("--workdir", help="directory for nodes and logs (default: a new temp dir)")
    parser.add_argument("--keep", action="store_true", help="keep the work directory")
    parser.add_argument("--test-timeout", type=float, default=240.0,
                        help="seconds one test (with its class/module setup) may take (default 240)")
    parser.add_argument("--verbose", action="store_true", help="driver warnings to stderr too")
    args = parser.parse_args(argv)

    # Load the modules and select the tests.
    loader = unittest.TestLoader()
    selected = []
    import_errors = []
    for name in discover_modules():
        try:
            module = importlib.import_module(name)
        except Exception:
            import_errors.append((name, traceback.format_exc()))
            continue
        for test in iter_tests(loader.loadTestsFromModule(module)):
            if matches(test.id(), args.filter):
                selected.append(test)
    if args.list:
        for t in selected:
            print(t.id())
        for name, tb in import_errors:
            print("IMPORT ERROR %s\n%s" % (name, _indent(tb)))
        return 1 if import_errors else 0

    binary = os.path.abspath(args.binary)
    if not os.path.isfile(binary) or not os.access(binary, os.X_OK):
        sys.stderr.write("run_driver_tests: no executable at %s (./dev build makes build/bin/cairnd)\n" % binary)
        return 2
    if not selected and not import_errors:
        sys.stderr.write("run_driver_tests: no test matches %s\n" % args.filter)
        return 2

    workdir = os.path.abspath(args.workdir) if args.workdir else tempfile.mkdtemp(prefix="cairn-driver-")
    os.makedirs(workdir, exist_ok=True)
    harness.BINARY = binary
    harness.WORKDIR = workdir

    driver_log = logging.getLogger("cassandra")
    driver_log.setLevel(logging.INFO)
    handler = logging.FileHandler(os.path.join(workdir, "driver.log"))
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s %(threadName)s: %(message)s"))
    driver_log.addHandler(handler)
    driver_log.propagate = False
    if args.verbose:
        err = logging.StreamHandler(sys.stderr)
        err.setLevel(logging.WARNING)
        driver_log.addHandler(err)

    print("driver tests: %s, driver %s, %d tests, work dir %s"
          % (binary, __import__("cassandra").__version__, len(selected), workdir))
    sys.stdout.flush()

    result_ref = [None]
    watchdog = Watchdog(args.test_timeout, result_ref)
    result = Result(watchdog)
    result_ref[0] = result
    for name, tb in import_errors:
        result.records.append((name, "ERROR", 0.0, tb))
        print("ERROR %s (import)\n%s" % (name, _indent(tb)))

    started = time.monotonic()
    watchdog.arm("the first class/module setup")
    try:
        unittest.TestSuite(selected).run(result)
        result.add_not_run(selected)
    finally:
        watchdog.disarm()
        harness.kill_all_nodes()
    total = time.monotonic() - started

    passed, failed, skipped = result.counts()
    if args.junit:
        write_junit(args.junit, result.records, total)
    if failed:
        print("\nfailed:")
        for tid, status, _, _ in result.records:
            if status in ("FAIL", "ERROR"):
                print("  %s %s" % (status, tid))
        print("work dir kept: %s (driver log: %s)" % (workdir, os.path.join(workdir, "driver.log")))
    elif not args.keep and not args.workdir:
        shutil.rmtree(workdir, ignore_errors=True)
    print("run took %.1f s" % total)
    print("%d passed, %d failed%s" % (passed, failed, ", %d skipped" % skipped if skipped else ""))
    sys.stdout.flush()
    return 1 if failed or passed == 0 else 0


if __name__ == "__main__":
    sys.exit(main())
