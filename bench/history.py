#!/usr/bin/env python3
"""History search benchmark: full-text search over a history database of N stored messages
(default 1,000,000), through Parley's own search path (the headless console's
`parley:history search`, i.e. History.search -> HistoryStore.search) and, as the reference, the same
FTS5 query in the sqlite3 command-line shell on the same file. See bench/README.md."""
import argparse
import os
import random
import re
import select
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from startup import PRODUCT, RunFailed, rss_mib, stop, descendants, identity, proc_stat  # noqa: E402

SEED = 20261124
CACHE = os.environ.get("BENCH_CACHE", os.path.join(os.path.expanduser("~"), ".cache", "parley-bench"))

# The query HistoryStore.search runs (bundles/org.parley.history), by schema version, with the query
# and LIMIT filled in. Version 3 added the covering index message_search (id, at) for the sort.
COLUMNS = "m.account, m.peer, m.message_id, m.outgoing, m.body, m.at, m.delivery, m.failure"
SEARCH_SQL = {
    2: ("SELECT " + COLUMNS + " FROM message_text JOIN message m ON m.id = message_text.rowid"
        " WHERE message_text MATCH {q} ORDER BY m.at DESC, m.id DESC LIMIT {limit}"),
    3: ("SELECT " + COLUMNS + " FROM message m WHERE m.id IN ("
        "SELECT r.id FROM message_text JOIN message r INDEXED BY message_search ON r.id = message_text.rowid"
        " WHERE message_text MATCH {q} ORDER BY r.at DESC, r.id DESC LIMIT {limit}) ORDER BY m.at DESC, m.id DESC"),
}

# ~20 FTS5 queries of different kinds: very common words (hundreds of thousands of matches),
# medium and rare words, AND / OR / NOT, phrases, prefixes, names, one that matches nothing.
QUERIES = [
    "you", "thanks", "tomorrow", "meeting", "invoice", "dentist", "birthday", "zanzibar", "kowalski",
    "meeting tomorrow", "lunch friday", "pizza OR sushi", "lunch NOT friday",
    '"see you tomorrow"', '"running late"', '"call me when you can"',
    "meet*", "conf*", "budget report", "deploy staging", "xylophonist",
]

COMMON = ("the a to and i you it is that for on in we be this have will at are with can me my so "
          "just ok not do what about get if no yes all there now then was here up out one know "
          "good think see time need go like call back when today tomorrow thanks thank please "
          "meeting lunch later sure great right maybe still send let work home morning night "
          "week friday monday done soon yeah sorry again also some more much new get got").split()
MEDIUM = ("invoice report budget project office train station coffee dinner weekend holiday "
          "document contract client release deploy staging server review draft slides agenda "
          "doctor dentist birthday party flight hotel taxi bus parking kids school game movie "
          "pizza sushi beer wine present gift address phone number email password printer "
          "conference schedule deadline manager team customer support ticket issue bug fix "
          "test build version update upgrade backup network laptop screen keyboard camera").split()
NAMES = ("anna ben carla david emma felix greta hugo ines jonas karl lena marco nina oscar paula "
         "quentin rosa sven tina ulrich vera walter xenia yusuf zoe kowalski nakamura okafor").split()
RARE = ("zanzibar quokka marzipan archipelago saxophone origami kilimanjaro trombone "
        "fjord papyrus tamarind obelisk").split()
PHRASES = ["see you tomorrow", "running late", "call me when you can", "on my way", "sounds good",
           "talk later", "happy birthday", "good morning", "good night", "thank you so much",
           "let me know", "no problem", "be there in ten minutes", "did you get my email"]


class Text:
    """Chat-like messages: Zipf-weighted words, names, phrases, now and then a rare word or a number."""

    def __init__(self, rng):
        self.rng = rng
        words = COMMON + MEDIUM + NAMES
        weights = [1.0 / (rank + 1) ** 1.07 for rank in range(len(words))]
        self.words, self.cum = words, []
        total = 0.0
        for w in weights:
            total += w
            self.cum.append(total)

    def message(self):
        r = self.rng
        parts = []
        if r.random() < 0.35:
            parts.append(r.choice(PHRASES))
        n = r.randint(2, 22)
        parts.extend(r.choices(self.words, cum_weights=self.cum, k=n))
        if r.random() < 0.004:
            parts.insert(r.randrange(len(parts) + 1), r.choice(RARE))
        if r.random() < 0.05:
            parts.append(str(r.randint(1, 99999)))
        text = " ".join(parts)
        text = text[0].upper() + text[1:]
        return text + r.choice((".", "!", "?", "", "", " :)"))


def ensure_sqlite3():
    if shutil.which("sqlite3"):
        return
    if os.geteuid() != 0:
        sys.exit("the sqlite3 command-line shell is not installed: apt-get install -y sqlite3")
    subprocess.run(["apt-get", "update"], check=True, stdout=subprocess.DEVNULL)
    subprocess.run(["apt-get", "install", "-y", "sqlite3"], check=True, stdout=subprocess.DEVNULL,
                   env=dict(os.environ, DEBIAN_FRONTEND="noninteractive"))


def parley_env(data):
    return dict(os.environ, PARLEY_DATA=data,
                PARLEY_VMARGS=("-Dparley.sip.localAccount=false " + os.environ.get("BENCH_PARLEY_VMARGS", "")).strip())


def make_schema(launcher, db):
    """Has Parley create an empty history database (its own schema, migrations and FTS triggers)."""
    data = tempfile.mkdtemp(prefix="bench-history-schema-")
    try:
        r = subprocess.run([launcher, "--headless"], input=b"parley:history search nothing\n", env=parley_env(data),
                           stdout=subprocess.PIPE, stderr=subprocess.STDOUT, timeout=120)
        made = os.path.join(data, "workspace", "history", "history.db")
        if not os.path.exists(made):
            raise RunFailed("Parley made no history database:\n" + r.stdout.decode(errors="replace")[-2000:])
        con = sqlite3.connect(made)
        con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        version = con.execute("PRAGMA user_version").fetchone()[0]
        triggers = [row[0] for row in con.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'")]
        con.close()
        if "message_text_insert" not in triggers:
            raise RunFailed(f"the schema Parley made (version {version}) has no message_text_insert trigger;"
                            " this benchmark fills the FTS index through it")
        shutil.copyfile(made, db)
        return version
    finally:
        shutil.rmtree(data, ignore_errors=True)


def fill(db, count, peers):
    """Inserts count messages in one transaction; the schema's triggers fill the FTS index exactly as
    when Parley stores a message."""
    rng = random.Random(SEED)
    text = Text(rng)
    accounts = ["work", "home", "club"]
    peer_uris = [f"sip:{rng.choice(NAMES)}.{i}@{rng.choice(('example.org', 'example.com', 'voip.test'))}"
                 for i in range(peers)]
    start = 1_600_000_000_000  # Sep 2020
    step = (1_790_000_000_000 - start) // count  # to Sep 2026
    con = sqlite3.connect(db)
    con.execute("PRAGMA journal_mode = WAL")
    con.execute("PRAGMA synchronous = OFF")

    def rows():
        at = start
        for i in range(count):
            at += rng.randint(1, 2 * step)
            peer = peer_uris[min(int(rng.paretovariate(1.2)) - 1, peers - 1) if rng.random() < 0.7
                             else rng.randrange(peers)]
            outgoing = rng.random() < 0.5
            yield (accounts[i % 3 if i % 5 else 0], f"bench-{i:07d}", peer, peer, int(outgoing), text.message(), at,
                   "delivered")

    t0 = time.monotonic()
    with con:
        con.executemany("INSERT INTO message (account, message_id, peer, peer_key, outgoing, body, at, delivery)"
                        " VALUES (?, ?, ?, ?, ?, ?, ?, ?)", rows())
    con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    n = con.execute("SELECT count(*) FROM message").fetchone()[0]
    fts = con.execute("SELECT count(*) FROM message_text WHERE message_text MATCH 'thanks'").fetchone()[0]
    con.close()
    print(f"filled {n} messages in {time.monotonic() - t0:.0f} s ('thanks' matches {fts})", file=sys.stderr)


def database(launcher, count, peers, rebuild):
    os.makedirs(CACHE, exist_ok=True)
    db = os.path.join(CACHE, f"history-{count}-{peers}-{SEED}.db")  # the schema Parley made when it was filled
    if rebuild and os.path.exists(db):
        os.remove(db)
    if not os.path.exists(db):
        part = db + ".part"
        for leftover in (part, part + "-wal", part + "-shm"):
            if os.path.exists(leftover):
                os.remove(leftover)
        version = make_schema(launcher, part)
        print(f"schema version {version} made by Parley; inserting {count} messages ...", file=sys.stderr)
        fill(part, count, peers)
        os.rename(part, db)
    return db


def sql_literal(text):
    return "'" + text.replace("'", "''") + "'"


def gogo_literal(text):
    """A Gogo single-quoted word (no escapes inside; our queries contain no single quote)."""
    if "'" in text:
        raise ValueError(text)
    return "'" + text + "'"


class Lines:
    """Reads a process's output line by line, keeping what follows a line for the next call
    (startup.read_until drops it, which is fine only for a last line)."""

    def __init__(self, proc, timeout):
        self.proc, self.timeout, self.buf, self.log = proc, timeout, b"", []

    def until(self, wanted, what):
        fd, deadline = self.proc.stdout.fileno(), time.monotonic() + self.timeout
        while True:
            while b"\n" in self.buf:
                line, self.buf = self.buf.split(b"\n", 1)
                self.log.append(line)
                del self.log[:-40]
                if wanted(line):
                    return line
            left = deadline - time.monotonic()
            if left <= 0:
                raise RunFailed(f"no {what} within {self.timeout:g} s")
            if not select.select([fd], [], [], left)[0]:
                continue
            chunk = os.read(fd, 65536)
            if not chunk:
                raise RunFailed(f"exited (status {self.proc.wait()}) before printing {what}")
            self.buf += chunk


class ParleyConsole:
    def __init__(self, launcher, data, timeout):
        self.proc = subprocess.Popen([launcher, "--headless"], env=parley_env(data), stdin=subprocess.PIPE,
                                     stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
        self.lines = Lines(self.proc, timeout)
        self.command("parley:version", lambda l: re.match(rb"^Parley \d", l))

    def command(self, line, first):
        """Writes one command; returns ms until its first answer line (matching first), then drains
        the rest of its answer up to a parley:version sentinel."""
        t0 = time.perf_counter()
        self.proc.stdin.write(line.encode() + b"\nparley:version\n")
        self.proc.stdin.flush()
        got = self.lines.until(lambda l: first(l) or l.startswith(b"error:"), "an answer to " + line)
        ms = (time.perf_counter() - t0) * 1000
        if got.startswith(b"error:"):
            raise RunFailed(f"{line}: {got.decode(errors='replace')}")
        if not re.match(rb"^Parley \d", got):
            self.lines.until(lambda l: re.match(rb"^Parley \d", l), "the sentinel")
        return ms

    def search(self, query, limit):
        return self.command(f"parley:history search {gogo_literal(query)} {limit}",
                            lambda l: l.startswith(b"ACCOUNT") or l.startswith(b"no messages match"))

    def java(self):
        return next((p for p in [self.proc.pid] + descendants(self.proc.pid)
                     if (proc_stat(p) or ("",))[0] == "java"), self.proc.pid)

    def close(self):
        others = [i for i in map(identity, descendants(self.proc.pid)) if i]
        try:
            self.proc.stdin.close()
        except OSError:
            pass
        stop(self.proc, others, 20.0)


class Shell:
    """The sqlite3 shell with .timer on; a query's figure is its 'Run Time: real' (ms resolution)."""

    def __init__(self, db, timeout, version):
        if version not in SEARCH_SQL:
            raise RunFailed(f"history schema version {version}: bench/history.py does not know its search query")
        self.sql = SEARCH_SQL[version]
        # stdbuf: the shell buffers its output on a pipe
        self.proc = subprocess.Popen(["stdbuf", "-oL", "sqlite3", "-batch", db], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                     stderr=subprocess.STDOUT)
        self.lines = Lines(self.proc, timeout)
        self.proc.stdin.write(b".timer on\n.output /dev/null\n")
        self.proc.stdin.flush()

    def search(self, query, limit):
        sql = self.sql.format(q=sql_literal(query), limit=limit)
        self.proc.stdin.write(sql.encode() + b";\n")
        self.proc.stdin.flush()
        line = self.lines.until(lambda l: l.startswith(b"Run Time: real") or l.startswith(b"Parse error")
                                or l.startswith(b"Error"), "a run time")
        if not line.startswith(b"Run Time"):
            raise RunFailed(f"sqlite3: {line.decode(errors='replace')}")
        return float(line.split()[3]) * 1000

    def peak_rss_mib(self):
        with open(f"/proc/{self.proc.pid}/status") as f:
            for line in f:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
        return float("nan")

    def close(self):
        try:
            self.proc.stdin.close()
            self.proc.wait(timeout=10)
        except (OSError, subprocess.TimeoutExpired):
            self.proc.kill()


def p95(values):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(0.95 * (len(ordered) - 1))))]


def main():
    ap = argparse.ArgumentParser(prog="bench/history.sh")
    ap.add_argument("--messages", type=int, default=1_000_000, help="stored messages (default 1,000,000)")
    ap.add_argument("--peers", type=int, default=5000, help="conversation partners (default 5000)")
    ap.add_argument("-r", "--rounds", type=int, default=5, help="timed rounds over the queries (default 5)")
    ap.add_argument("--limit", type=int, default=50, help="results per query (default 50, the console's)")
    ap.add_argument("--rebuild", action="store_true", help="make the database again")
    ap.add_argument("--parley", default=PRODUCT)
    args = ap.parse_args()
    launcher = os.path.join(args.parley, "parley")
    if not os.access(launcher, os.X_OK):
        sys.exit(f"Parley product not built ({launcher} missing): run ./mvnw package -DskipTests first")
    ensure_sqlite3()
    load0 = os.getloadavg()[0]
    try:
        cached = database(launcher, args.messages, args.peers, args.rebuild)
    except RunFailed as e:
        sys.exit(f"benchmark failed: {e}")
    work = tempfile.mkdtemp(prefix="bench-history-")
    data = os.path.join(work, "data")
    os.makedirs(os.path.join(data, "workspace", "history"))  # the launcher's -data $PARLEY_DATA/workspace
    db = os.path.join(data, "workspace", "history", "history.db")
    shutil.copyfile(cached, db)  # Parley opens it read-write (WAL); the cached copy stays as made
    size_mib = os.path.getsize(db) / 2**20
    times = {"parley": {q: [] for q in QUERIES}, "sqlite3": {q: [] for q in QUERIES}}
    parley = shell = None
    try:
        t0 = time.perf_counter()
        parley = ParleyConsole(launcher, data, 120)
        ready_ms = (time.perf_counter() - t0) * 1000
        # Parley has opened (and migrated, if the cached file is older) the copy: the reference runs
        # the query of the schema version it now has
        con = sqlite3.connect(db)
        version = con.execute("PRAGMA user_version").fetchone()[0]
        con.close()
        con = sqlite3.connect(cached)
        cached_version = con.execute("PRAGMA user_version").fetchone()[0]
        con.close()
        if version != cached_version:
            print(f"note: the cached database has schema version {cached_version}, Parley migrated the copy to"
                  f" {version} at start (counted in 'start to console ready'); --rebuild makes it anew",
                  file=sys.stderr)
        shell = Shell(db, 120, version)
        version_ms = [parley.command("parley:version", lambda l: re.match(rb"^Parley \d", l)) for _ in range(5)]
        for rnd in range(args.rounds + 1):  # round 0 warms both up and is not counted
            for q in QUERIES:
                p = parley.search(q, args.limit)
                s = shell.search(q, args.limit)
                if rnd:
                    times["parley"][q].append(p)
                    times["sqlite3"][q].append(s)
            print(f"round {rnd}/{args.rounds} done" + (" (warm-up)" if not rnd else ""), file=sys.stderr, flush=True)
        java = parley.java()
        parley_rss, parley_hwm = rss_mib(java), None
        with open(f"/proc/{java}/status") as f:
            for line in f:
                if line.startswith("VmHWM:"):
                    parley_hwm = int(line.split()[1]) / 1024
        shell_hwm = shell.peak_rss_mib()
    except (RunFailed, OSError) as e:
        tail = b"\n".join(parley.lines.log).decode(errors="replace")[-1500:] if parley else ""
        sys.exit(f"benchmark failed: {e}\n{tail}")
    finally:
        if parley:
            parley.close()
        if shell:
            shell.close()
        shutil.rmtree(work, ignore_errors=True)
    con = sqlite3.connect(cached)
    counts = {q: con.execute("SELECT count(*) FROM message_text WHERE message_text MATCH ?", (q,)).fetchone()[0]
              for q in QUERIES}
    con.close()
    sys.stderr.flush()
    allp = [t for q in QUERIES for t in times["parley"][q]]
    alls = [t for q in QUERIES for t in times["sqlite3"][q]]
    print(f"machine: nproc {len(os.sched_getaffinity(0))}, load {load0:.2f} at start, {os.getloadavg()[0]:.2f} at end;"
          f" {args.messages} messages, {args.peers} peers, database {size_mib:.0f} MiB;"
          f" {len(QUERIES)} queries x {args.rounds} rounds, limit {args.limit}; schema version {version}")
    print(f"{'what':<44}{'parley':<12}{'sqlite3':<12}")
    print(f"{'search, median per query (ms)':<44}{statistics.median(allp):<12.1f}{statistics.median(alls):<12.1f}")
    print(f"{'search, p95 (ms)':<44}{p95(allp):<12.1f}{p95(alls):<12.1f}")
    print(f"{'search, slowest query median (ms)':<44}"
          f"{max(statistics.median(v) for v in times['parley'].values()):<12.1f}"
          f"{max(statistics.median(v) for v in times['sqlite3'].values()):<12.1f}")
    print(f"{'console round trip, parley:version (ms)':<44}{statistics.median(version_ms):<12.1f}{'-':<12}")
    print(f"{'start to console ready, DB open (ms)':<44}{ready_ms:<12.0f}{'-':<12}")
    print(f"{'RSS after searches / peak (MiB)':<44}{f'{parley_rss:.0f} / {parley_hwm:.0f}':<12}"
          f"{f'- / {shell_hwm:.0f}':<12}")
    print(f"{'target: median <= 50 ms':<44}{'met' if statistics.median(allp) <= 50 else 'NOT met':<12}")
    print()
    print(f"{'query (median ms)':<26}{'matches':>9}{'parley':>10}{'sqlite3':>10}")
    for q in QUERIES:
        print(f"{q:<26}{counts[q]:>9}{statistics.median(times['parley'][q]):>10.1f}"
              f"{statistics.median(times['sqlite3'][q]):>10.1f}")


if __name__ == "__main__":
    main()
