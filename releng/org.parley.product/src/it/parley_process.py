"""A headless Parley process of the product driven through its console, for the product checks."""
import os
import re
import signal
import subprocess
import threading
import time


class Failed(Exception):
    pass


class Parley:
    """A headless Parley process driven through its stdin; its output lines are collected by a thread."""

    def __init__(self, product, data, label, vmargs="", environment=None):
        """vmargs go before the caller's PARLEY_VMARGS; environment adds to this process's."""
        self.label = label
        self.lines = []
        self.cond = threading.Condition()
        env = dict(os.environ, PARLEY_DATA=data, **(environment or {}),
                   PARLEY_VMARGS=(vmargs + " " + os.environ.get("PARLEY_VMARGS", "")).strip())
        env.pop("DISPLAY", None)
        env.pop("WAYLAND_DISPLAY", None)
        self.proc = subprocess.Popen([os.path.join(product, "parley"), "--headless"], env=env,
                                     stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                                     start_new_session=True)
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self):
        for raw in self.proc.stdout:
            with self.cond:
                self.lines.append(raw.decode(errors="replace").rstrip("\n"))
                self.cond.notify_all()

    def __call__(self, command):
        try:
            self.proc.stdin.write((command + "\n").encode())
            self.proc.stdin.flush()
        except OSError as e:
            raise Failed(f"{self.label} does not take commands any more ({e})") from None

    def mark(self):
        """The number of lines so far: awaits from a mark look only at later lines."""
        with self.cond:
            return len(self.lines)

    def await_(self, pattern, timeout, what, since=0):
        """The match of the first line from since on matching the regex, waiting at most timeout seconds."""
        regex = re.compile(pattern)
        deadline = time.monotonic() + timeout
        with self.cond:
            while True:
                for line in self.lines[since:]:
                    m = regex.search(line)
                    if m:
                        return m
                left = deadline - time.monotonic()
                if left <= 0:
                    raise Failed(f"{what} (waited {timeout} s for /{pattern}/ in {self.label}'s output)")
                self.cond.wait(left)

    def count(self, pattern, since=0):
        regex = re.compile(pattern)
        with self.cond:
            return sum(1 for line in self.lines[since:] if regex.search(line))

    def quit(self, timeout, status=0):
        """Closes the input (Parley stops at its end) and waits for the process to exit with the status
        (1 after a command that failed on purpose)."""
        try:
            self.proc.stdin.close()
        except OSError:
            pass
        try:
            code = self.proc.wait(timeout)
        except subprocess.TimeoutExpired:
            raise Failed(f"{self.label} did not stop within {timeout} s of the end of its input") from None
        if code != status:
            raise Failed(f"{self.label} exited with status {code}, not {status}")

    def kill(self):
        if self.proc.poll() is None:
            try:
                os.killpg(self.proc.pid, signal.SIGKILL)
            except OSError:
                pass
            self.proc.wait(10)

    def output(self):
        with self.cond:
            return "\n".join(self.lines)
