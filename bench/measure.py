#!/usr/bin/env python3
"""Run a command and print its wall time, CPU time and peak memory as one TSV line:

    python3 bench/measure.py [--log FILE] -- COMMAND [ARG...]
    -> wall_s <TAB> user_s <TAB> sys_s <TAB> maxrss_kb <TAB> exit_status

Wall time is taken with a monotonic clock around fork and wait (microsecond resolution, unlike
/usr/bin/time's 10 ms); user and sys come from wait4()'s rusage of the child, which includes its
own waited-for children. Peak RSS is GNU time's %M: the command runs under /usr/bin/time, because
Linux carries a process's peak RSS across exec, so a child forked straight from Python would
report at least Python's own ~10 MB. (Without /usr/bin/time, the rusage figure is used.) The
command's stdout and stderr go to --log (default: the null device). The exit status of
measure.py is the command's.
"""

import os
import sys
import tempfile
import time


def main(argv):
    log = os.devnull
    if argv[:1] == ["--log"]:
        log, argv = argv[1], argv[2:]
    if argv[:1] == ["--"]:
        argv = argv[1:]
    if not argv:
        sys.exit(__doc__)
    fd = os.open(log, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
    rss_file = None
    if os.access("/usr/bin/time", os.X_OK):
        rfd, rss_file = tempfile.mkstemp(prefix="measure-rss-")
        os.close(rfd)
        argv = ["/usr/bin/time", "-f", "%M", "-o", rss_file, "--"] + argv
    t0 = time.perf_counter()
    pid = os.fork()
    if pid == 0:
        try:
            os.dup2(fd, 1)
            os.dup2(fd, 2)
            os.execvp(argv[0], argv)
        finally:
            os._exit(127)
    _, status, ru = os.wait4(pid, 0)
    wall = time.perf_counter() - t0
    os.close(fd)
    code = os.waitstatus_to_exitcode(status)
    if code < 0:
        code = 128 - code
    rss = ru.ru_maxrss
    if rss_file:
        with open(rss_file) as f:
            lines = f.read().split()
        os.unlink(rss_file)
        if lines and lines[-1].isdigit():
            rss = int(lines[-1])
    print("%.4f\t%.4f\t%.4f\t%d\t%d" % (wall, ru.ru_utime, ru.ru_stime, rss, code))
    return code


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
