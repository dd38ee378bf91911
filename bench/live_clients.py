#!/usr/bin/env python3
"""Load client for bench/live.sh: many server-sent-event streams on `GET /api/events`, the
server's memory with them open, and how long a change takes to reach 1,000 of them.

Standard library only (asyncio speaking HTTP/1.1 to the server, one event loop per worker
process), so nothing needs installing.

  live_clients.py run --url http://127.0.0.1:3193 --pid 1234 --clients 10000 --fanout 1000 \
      --fanout-watch PA-2026-000001 --idle-pool codes.txt --changes changes.tsv \
      [--change-url http://127.0.0.1:3194] [--pid-label B] [--also-pid 1233 --also-label A] \
      [--cookie 'paht_session=…'] [--json out.json] [--label "…"]
  live_clients.py summary out1.json out2.json …

`run`:
 1. reads the server's resident memory (VmRSS of /proc/<pid>/status) with no client;
 2. opens --clients streams from --workers processes (a few hundred connecting at a time),
    waits until every one has its `200` header, lets them sit --settle seconds and reads the
    memory again. The first --fanout streams watch --fanout-watch (comma-separated codes);
    the others are idle pages, each watching --idle-watch codes of --idle-pool (a file of
    codes, one a line; they must not receive anything: counted as "unexpected");
 3. sends the changes of --changes one after the other (lines `PATH<TAB>FORM-BODY<TAB>CODE`,
    POSTed with the cookie to --change-url, default --url), one every --interval seconds
    at most, each once the previous one reached every watching stream (or --round-timeout
    passed). For each change it notes the clock just before the request was sent and just
    after its response was read; each stream notes when the `report` event for the change's
    code arrived (the clock is CLOCK_MONOTONIC, shared by all processes of the machine);
 4. prints and writes (--json) the percentiles of receipt − response and receipt − request
    over every (stream, change), and of the slowest stream per change.
Exit status: 0 when it ran (whatever the numbers), 1 when it could not (no stream opened,
a change refused, no event at all).
"""

import argparse
import asyncio
import http.client
import json
import math
import multiprocessing as mp
import multiprocessing.connection as mpc
import os
import signal
import sys
import time
import urllib.parse

# ---------------------------------------------------------------------------------------
# One stream.


class Stream(asyncio.Protocol):
    """One `GET /api/events` connection: HTTP/1.1 response head, chunked body, SSE lines."""

    __slots__ = (
        "worker", "index", "fanout", "request", "transport", "head", "headed", "status",
        "chunked", "raw", "chunk_left", "chunk_state", "lines", "ev_id", "ev_type", "ev_data",
        "closed", "error", "pings", "events", "opened_at",
    )

    def __init__(self, worker, index, fanout, request):
        self.worker = worker
        self.index = index
        self.fanout = fanout
        self.request = request
        self.transport = None
        self.head = bytearray()
        self.headed = worker.loop.create_future()
        self.status = None
        self.chunked = False
        self.raw = bytearray()
        self.chunk_left = 0
        self.chunk_state = "size"
        self.lines = bytearray()
        self.ev_id = None
        self.ev_type = None
        self.ev_data = []
        self.closed = False
        self.error = None
        self.pings = 0
        self.events = []  # fan-out streams: (id, event, code, t_ns)
        self.opened_at = None

    def connection_made(self, transport):
        self.transport = transport
        transport.write(self.request)

    def connection_lost(self, exc):
        self.closed = True
        if not self.headed.done():
            self.headed.set_exception(ConnectionError(f"closed before the header: {exc!r}"))
        elif self.status == 200:
            self.worker.dropped(self, exc)

    def eof_received(self):
        return False

    def data_received(self, data):
        t = time.monotonic_ns()
        if not self.headed.done():
            self.head += data
            end = self.head.find(b"\r\n\r\n")
            if end < 0:
                if len(self.head) > 65536:
                    self.headed.set_exception(ValueError("response head too long"))
                    self.transport.close()
                return
            head = bytes(self.head[:end]).decode("latin-1").split("\r\n")
            rest = bytes(self.head[end + 4:])
            self.head = bytearray()
            try:
                self.status = int(head[0].split()[1])
            except (IndexError, ValueError):
                self.status = -1
            for h in head[1:]:
                k, _, v = h.partition(":")
                if k.strip().lower() == "transfer-encoding" and "chunked" in v.lower():
                    self.chunked = True
            self.opened_at = time.monotonic()
            self.headed.set_result(self.status)
            if self.status != 200:
                self.transport.close()
                return
            data = rest
            if not data:
                return
        if self.chunked:
            self.dechunk(data, t)
        else:
            self.feed(data, t)

    def dechunk(self, data, t):
        raw = self.raw
        raw += data
        while raw:
            if self.chunk_state == "size":
                nl = raw.find(b"\r\n")
                if nl < 0:
                    return
                size = int(bytes(raw[:nl]).split(b";")[0] or b"0", 16)
                del raw[:nl + 2]
                if size == 0:
                    self.transport.close()
                    return
                self.chunk_left = size
                self.chunk_state = "data"
            elif self.chunk_state == "data":
                take = min(self.chunk_left, len(raw))
                self.feed(bytes(raw[:take]), t)
                del raw[:take]
                self.chunk_left -= take
                if self.chunk_left == 0:
                    self.chunk_state = "crlf"
            else:
                if len(raw) < 2:
                    return
                del raw[:2]
                self.chunk_state = "size"

    def feed(self, data, t):
        buf = self.lines
        buf += data
        while True:
            nl = buf.find(b"\n")
            if nl < 0:
                return
            line = bytes(buf[:nl]).rstrip(b"\r").decode("utf-8", "replace")
            del buf[:nl + 1]
            if not line:
                self.dispatch(t)
            elif line.startswith(":"):
                self.pings += 1
            else:
                field, _, value = line.partition(":")
                if value.startswith(" "):
                    value = value[1:]
                if field == "id":
                    self.ev_id = value
                elif field == "event":
                    self.ev_type = value
                elif field == "data":
                    self.ev_data.append(value)

    def dispatch(self, t):
        if self.ev_type is None and not self.ev_data:
            self.ev_id = None
            return
        kind = self.ev_type or "message"
        code = None
        try:
            code = json.loads("\n".join(self.ev_data)).get("code")
        except (ValueError, AttributeError):
            pass
        try:
            eid = int(self.ev_id) if self.ev_id is not None else None
        except ValueError:
            eid = None
        self.ev_id, self.ev_type, self.ev_data = None, None, []
        self.worker.event(self, eid, kind, code, t)


# ---------------------------------------------------------------------------------------
# A worker process: a share of the streams on one event loop.


class Worker:
    def __init__(self, pipe, args, specs):
        self.pipe = pipe
        self.args = args
        self.specs = specs  # [(index, watch, fanout)]
        self.loop = None
        self.streams = []
        self.ready = False
        self.n_dropped = 0
        self.drop_errors = []
        self.unexpected = {}  # event kind -> count, on idle streams
        self.fanout_kinds = {}  # event kind -> count, on fan-out streams
        self.per_id = {}  # event id -> fan-out streams that got it
        self.n_fanout = sum(1 for s in specs if s[2])

    def dropped(self, stream, exc):
        self.n_dropped += 1
        if len(self.drop_errors) < 5:
            self.drop_errors.append(repr(exc))

    def event(self, stream, eid, kind, code, t):
        if not stream.fanout:
            self.unexpected[kind] = self.unexpected.get(kind, 0) + 1
            return
        self.fanout_kinds[kind] = self.fanout_kinds.get(kind, 0) + 1
        stream.events.append((eid, kind, code, t))
        if kind != "report" or eid is None:
            return
        n = self.per_id.get(eid, 0) + 1
        self.per_id[eid] = n
        if n == 1:
            self.pipe.send(("first", eid, code, t))
        if n == self.n_fanout:
            self.pipe.send(("complete", eid, code, t))

    async def open_one(self, sem, host, port, spec):
        index, watch, fanout = spec
        path = "/api/events?watch=" + urllib.parse.quote(watch, safe=",")
        req = (
            f"GET {path} HTTP/1.1\r\nHost: {host}:{port}\r\nAccept: text/event-stream\r\n"
            f"Cache-Control: no-cache\r\nUser-Agent: paht-bench-live\r\n"
            + (f"Cookie: {self.args.stream_cookie}\r\n" if self.args.stream_cookie else "")
            + "\r\n"
        ).encode()
        s = Stream(self, index, fanout, req)
        async with sem:
            try:
                await asyncio.wait_for(
                    self.loop.create_connection(lambda: s, host, port), self.args.connect_timeout)
                await asyncio.wait_for(s.headed, self.args.connect_timeout)
            except Exception as e:  # noqa: BLE001 - reported as a failed stream
                s.error = f"{type(e).__name__}: {e}"
                if s.transport is not None:
                    s.transport.close()
        self.streams.append(s)

    def stats(self):
        ok = [s for s in self.streams if s.status == 200]
        statuses = {}
        for s in self.streams:
            if s.status != 200:
                k = str(s.status) if s.status is not None else (s.error or "?").split(":")[0]
                statuses[k] = statuses.get(k, 0) + 1
        return {
            "opened": len(ok),
            "failed": len(self.streams) - len(ok),
            "failures": statuses,
            "errors": [s.error for s in self.streams if s.error][:3],
            "open_now": sum(1 for s in ok if not s.closed),
            "dropped": self.n_dropped,
            "drop_errors": self.drop_errors,
            "pings": sum(s.pings for s in ok),
            # Open longer than one keep-alive interval (20 s) and a little, yet no ping.
            "no_ping": sum(1 for s in ok if not s.closed and s.pings == 0
                           and time.monotonic() - s.opened_at > 23),
            "oldest_s": max((time.monotonic() - s.opened_at for s in ok), default=0),
            "unexpected": self.unexpected,
            "fanout_kinds": self.fanout_kinds,
            "fanout": self.n_fanout,
        }

    async def main(self):
        self.loop = asyncio.get_running_loop()
        u = urllib.parse.urlsplit(self.args.url)
        host, port = u.hostname, u.port or 80
        sem = asyncio.Semaphore(self.args.concurrency)
        t0 = time.monotonic()
        await asyncio.gather(*(self.open_one(sem, host, port, sp) for sp in self.specs))
        st = self.stats()
        st["ramp_s"] = time.monotonic() - t0
        self.pipe.send(("ready", st))
        done = self.loop.create_future()

        def command():
            while self.pipe.poll():
                try:
                    cmd = self.pipe.recv()
                except EOFError:
                    cmd = "quit"
                if cmd == "stats":
                    self.pipe.send(("stats", self.stats()))
                elif cmd == "dump":
                    got = [
                        [(e[0], e[3]) for e in s.events if e[1] == "report"]
                        for s in self.streams if s.fanout and s.status == 200
                    ]
                    self.pipe.send(("dump", got))
                elif cmd == "quit" and not done.done():
                    done.set_result(None)

        self.loop.add_reader(self.pipe.fileno(), command)
        await done
        for s in self.streams:
            if s.transport is not None:
                s.transport.close()
        await asyncio.sleep(0.2)


def worker_entry(pipe, args, specs):
    # The orchestrator handles interruptions; a worker stops when told or when its pipe closes.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    try:
        import resource
        soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
        want = min(hard, len(specs) + 256) if hard != resource.RLIM_INFINITY else len(specs) + 256
        if soft < want:
            resource.setrlimit(resource.RLIMIT_NOFILE, (want, hard))
    except (ImportError, ValueError, OSError):
        pass
    asyncio.run(Worker(pipe, args, specs).main())


# ---------------------------------------------------------------------------------------
# The orchestrator.


def rss_kib(pid):
    """(VmRSS, VmHWM) in KiB of a live process, or (None, None)."""
    out = {}
    try:
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                k, _, v = line.partition(":")
                if k in ("VmRSS", "VmHWM"):
                    out[k] = int(v.split()[0])
    except OSError:
        return None, None
    return out.get("VmRSS"), out.get("VmHWM")


def pct(sorted_vals, q):
    """Nearest-rank percentile of an already sorted list."""
    if not sorted_vals:
        return None
    k = max(1, math.ceil(q * len(sorted_vals)))
    return sorted_vals[min(len(sorted_vals), k) - 1]


def dist(vals):
    v = sorted(vals)
    if not v:
        return {"n": 0}
    return {"n": len(v), "min": v[0], "p50": pct(v, 0.5), "p90": pct(v, 0.9),
            "p99": pct(v, 0.99), "max": v[-1], "mean": sum(v) / len(v)}


def log(*a):
    print(*a, file=sys.stderr, flush=True)


def read_changes(path):
    out = []
    with open(path) as f:
        for line in f:
            line = line.rstrip("\n")
            if not line.strip() or line.startswith("#"):
                continue
            p, body, code = line.split("\t")
            out.append((p, body, code))
    return out


class Poster:
    """The changes' HTTP connection (kept alive; reopened when the server closed it)."""

    def __init__(self, url, cookie):
        u = urllib.parse.urlsplit(url)
        self.host, self.port, self.cookie = u.hostname, u.port or 80, cookie
        self.conn = None

    def post(self, path, body):
        headers = {
            "Content-Type": "application/x-www-form-urlencoded",
            "Sec-Fetch-Site": "same-origin",
            "Accept": "*/*",
        }
        if self.cookie:
            headers["Cookie"] = self.cookie
        for attempt in (0, 1):
            if self.conn is None:
                self.conn = http.client.HTTPConnection(self.host, self.port, timeout=60)
                self.conn.connect()
            try:
                t_send = time.monotonic_ns()
                self.conn.request("POST", path, body=body, headers=headers)
                r = self.conn.getresponse()
                text = r.read()
                t_resp = time.monotonic_ns()
                if r.getheader("connection", "").lower() == "close":
                    self.conn.close()
                    self.conn = None
                return r.status, text, t_send, t_resp
            except (http.client.HTTPException, OSError):
                self.conn.close()
                self.conn = None
                if attempt:
                    raise
        raise RuntimeError("unreachable")


def run(args):
    codes_pool = []
    if args.idle_pool:
        with open(args.idle_pool) as f:
            codes_pool = [c.strip() for c in f if c.strip()]
    fan_codes = {c for c in args.fanout_watch.split(",") if c}
    codes_pool = [c for c in codes_pool if c not in fan_codes]
    changes = read_changes(args.changes) if args.changes else []
    if args.rounds is not None:
        changes = changes[: args.rounds]

    result = {"label": args.label, "clients": args.clients, "fanout": args.fanout,
              "workers": args.workers, "pid_label": args.pid_label, "rss_kib": {}}
    pids = [(args.pid_label, args.pid)] + ([(args.also_label, args.also_pid)] if args.also_pid else [])
    rss0 = {lbl: rss_kib(p)[0] for lbl, p in pids}
    result["rss_kib"]["before"] = rss0

    # Streams: the first `fanout` watch the fan-out codes, the rest are idle pages.
    specs = []
    w = args.idle_watch
    for i in range(args.clients):
        if i < args.fanout:
            specs.append((i, args.fanout_watch, True))
        else:
            if codes_pool and w > 0:
                start = (i * 7) % len(codes_pool)
                watch = ",".join((codes_pool + codes_pool)[start:start + min(w, len(codes_pool))])
            else:
                watch = ""
            specs.append((i, watch, False))
    nw = max(1, min(args.workers, len(specs))) if specs else 0
    shares = [specs[k::nw] for k in range(nw)]  # round robin: fan-out streams on every worker

    ctx = mp.get_context("fork")
    workers = []
    t_open = time.monotonic()
    for share in shares:
        a, b = ctx.Pipe()
        p = ctx.Process(target=worker_entry, args=(b, args, share), daemon=True)
        p.start()
        b.close()
        workers.append({"pipe": a, "proc": p, "fanout": sum(1 for s in share if s[2])})
    log(f"[{args.label}] opening {len(specs)} streams from {nw} processes "
        f"({args.fanout} watching {args.fanout_watch[:60]}{'…' if len(args.fanout_watch) > 60 else ''}) …")

    inbox = []  # messages that arrived while waiting for something else

    def recv_all(timeout):
        """Every message available within `timeout` seconds (at least one, if any came)."""
        got = []
        live = [x["pipe"] for x in workers]
        ready = mpc.wait(live, timeout)
        for c in ready:
            try:
                while c.poll():
                    got.append((c, c.recv()))
            except EOFError:
                pass
        return got

    def gather(kind, timeout):
        """One `kind` message from every worker; others go to the inbox."""
        out = {}
        end = time.monotonic() + timeout
        pending = {id(x["pipe"]): x for x in workers}
        while len(out) < len(workers) and time.monotonic() < end:
            for c, msg in recv_all(min(1.0, max(0.0, end - time.monotonic()))):
                if msg[0] == kind and id(c) in pending:
                    out[id(c)] = msg[1]
                else:
                    inbox.append(msg)
            for x in workers:
                if id(x["pipe"]) not in out and not x["proc"].is_alive():
                    raise SystemExit(f"a client process died (exit {x['proc'].exitcode})")
        if len(out) < len(workers):
            raise SystemExit(f"client processes did not answer `{kind}` within {timeout:.0f} s")
        return [out[id(x["pipe"])] for x in workers]

    def ask(cmd, timeout):
        for x in workers:
            x["pipe"].send(cmd)
        return gather(cmd, timeout)

    def merged(stats):
        m = {"opened": 0, "failed": 0, "open_now": 0, "dropped": 0, "pings": 0, "no_ping": 0,
             "oldest_s": 0,
             "failures": {}, "errors": [], "unexpected": {}, "fanout_kinds": {}, "drop_errors": []}
        for s in stats:
            for k in ("opened", "failed", "open_now", "dropped", "pings", "no_ping"):
                m[k] += s[k]
            m["oldest_s"] = max(m["oldest_s"], s["oldest_s"])
            for k in ("failures", "unexpected", "fanout_kinds"):
                for kk, vv in s[k].items():
                    m[k][kk] = m[k].get(kk, 0) + vv
            m["errors"] += s["errors"]
            m["drop_errors"] += s["drop_errors"]
        m["errors"] = m["errors"][:5]
        m["drop_errors"] = m["drop_errors"][:5]
        return m

    def finish(code):
        for x in workers:
            try:
                x["pipe"].send("quit")
            except OSError:
                pass
        for x in workers:
            x["proc"].join(5)
            if x["proc"].is_alive():
                x["proc"].kill()
        if args.json:
            with open(args.json, "w") as f:
                json.dump(result, f, indent=1)
        return code

    def measure():
        ready = gather("ready", args.open_timeout)
        opened = merged(ready)
        ramp = time.monotonic() - t_open
        result["open"] = opened
        result["ramp_s"] = ramp
        log(f"[{args.label}] {opened['opened']} streams open, {opened['failed']} failed in {ramp:.1f} s"
            + (f"; failures {opened['failures']} e.g. {opened['errors'][:2]}" if opened["failed"] else ""))
        if opened["opened"] == 0:
            result["error"] = "no stream opened"
            return finish(1)

        time.sleep(args.settle)
        rss_idle = {lbl: rss_kib(p)[0] for lbl, p in pids}
        result["rss_kib"]["idle"] = rss_idle
        st = merged(ask("stats", 60))
        result["idle"] = st
        log(f"[{args.label}] RSS {args.pid_label}: {fmt_mib(rss0.get(args.pid_label))} with no stream, "
            f"{fmt_mib(rss_idle.get(args.pid_label))} with {st['open_now']} open"
            + (f" ({args.also_label}: {fmt_mib(rss0.get(args.also_label))} → {fmt_mib(rss_idle.get(args.also_label))})"
               if args.also_pid else ""))

        # The changes.
        poster = Poster(args.change_url or args.url, args.cookie)
        fan_workers = [x for x in workers if x["fanout"]]
        rounds = []  # {code, t_send, t_resp, status, id}
        id_round = {}
        complete = {}  # id -> set of worker pipes that completed it
        firsts = {}  # id -> (code, t_first)
        refused = 0
        last_send = 0.0

        def absorb(msgs):
            for c, msg in msgs:
                if msg[0] == "first":
                    _, eid, code, t = msg
                    firsts.setdefault(eid, (code, t))
                    cur = rounds[-1] if rounds else None
                    # The first new id of the round's code, received after its request was sent.
                    if (cur is not None and cur["id"] is None and code == cur["code"]
                            and eid not in id_round and t >= cur["t_send"]):
                        cur["id"] = eid
                        id_round[eid] = len(rounds) - 1
                elif msg[0] == "complete":
                    complete.setdefault(msg[1], set()).add(id(c))

        absorb([(None, m) for m in inbox if m[0] in ("first", "complete")])
        inbox.clear()
        for i, (path, body, code) in enumerate(changes):
            wait = last_send + args.interval - time.monotonic()
            if wait > 0:
                time.sleep(wait)
            last_send = time.monotonic()
            try:
                status, text, t_send, t_resp = poster.post(path, body)
            except (OSError, http.client.HTTPException) as e:
                result["error"] = f"change {i + 1}: {e!r}"
                log(f"[{args.label}] change {i + 1} failed: {e!r}")
                return finish(1)
            rounds.append({"code": code, "t_send": t_send, "t_resp": t_resp, "status": status, "id": None})
            if status >= 400:
                refused += 1
                log(f"[{args.label}] change {i + 1} ({path} {code}) refused: HTTP {status} {text[:300]!r}")
                if refused >= 3 and refused == len(rounds):
                    result["error"] = f"the first changes were refused (HTTP {status})"
                    return finish(1)
                continue
            end = time.monotonic() + args.round_timeout
            while time.monotonic() < end:
                cur = rounds[-1]
                # Pick up anything that arrived during the request.
                absorb([(c, m) for c, m in recv_all(0) if m[0] in ("first", "complete")])
                if cur["id"] is not None and len(complete.get(cur["id"], ())) >= len(fan_workers):
                    break
                absorb([(c, m) for c, m in recv_all(min(0.05, max(0.0, end - time.monotonic())))
                        if m[0] in ("first", "complete")])
            if (i + 1) % 10 == 0 or i + 1 == len(changes):
                log(f"[{args.label}] {i + 1}/{len(changes)} changes sent")
        time.sleep(min(args.round_timeout, 1.0))
        absorb([(c, m) for c, m in recv_all(0.2) if m[0] in ("first", "complete")])

        # Receipts.
        dumps = ask("dump", 120)
        end_stats = merged(ask("stats", 60))
        result["rss_kib"]["after"] = {lbl: rss_kib(p)[0] for lbl, p in pids}
        result["rss_kib"]["peak"] = {lbl: rss_kib(p)[1] for lbl, p in pids}
        result["end"] = end_stats

        # A round whose id was not seen live: the first id of its code received after it was sent
        # and before the next one was sent.
        for k, r in enumerate(rounds):
            if r["id"] is not None or r["status"] >= 400:
                continue
            nxt = rounds[k + 1]["t_send"] if k + 1 < len(rounds) else float("inf")
            cands = sorted(eid for eid, (code, t) in firsts.items()
                           if code == r["code"] and eid not in id_round and r["t_send"] <= t < nxt)
            if cands:
                r["id"] = cands[0]
                id_round[cands[0]] = k

        streams = [s for d in dumps for s in d]
        after_resp, after_send, slowest, commit_ms = [], [], [], []
        missing = 0
        per_round = []
        for r in rounds:
            if r["status"] >= 400:
                continue
            commit_ms.append((r["t_resp"] - r["t_send"]) / 1e6)
            if r["id"] is None:
                missing += len(streams)
                per_round.append({"code": r["code"], "id": None, "got": 0})
                continue
            got = []
            for evs in streams:
                t = next((t for eid, t in evs if eid == r["id"]), None)
                if t is None:
                    missing += 1
                else:
                    got.append(t)
            for t in got:
                after_resp.append((t - r["t_resp"]) / 1e6)
                after_send.append((t - r["t_send"]) / 1e6)
            if got:
                slowest.append((max(got) - r["t_resp"]) / 1e6)
            per_round.append({"code": r["code"], "id": r["id"], "got": len(got),
                              "request_ms": (r["t_resp"] - r["t_send"]) / 1e6,
                              "last_after_response_ms": (max(got) - r["t_resp"]) / 1e6 if got else None})
        extra = sum(1 for evs in streams for eid, _ in evs if eid not in id_round)
        dup = sum(len(evs) - len({eid for eid, _ in evs}) for evs in streams)
        result["changes"] = {
            "sent": len(rounds), "refused": refused, "fanout_streams": len(streams),
            "expected": len(streams) * (len(rounds) - refused), "received": len(after_resp),
            "missing": missing, "extra_report_events": extra, "duplicates": dup,
            "request_ms": dist(commit_ms),
            "after_response_ms": dist(after_resp), "after_request_ms": dist(after_send),
            "slowest_stream_after_response_ms": dist(slowest),
            "rounds": per_round,
        }
        c = result["changes"]
        log(f"[{args.label}] {c['received']}/{c['expected']} receipts ({c['missing']} missing, "
            f"{c['duplicates']} duplicates, {c['extra_report_events']} unmatched report events); "
            f"receipt − response p50 {fmt_ms(c['after_response_ms'].get('p50'))} "
            f"p99 {fmt_ms(c['after_response_ms'].get('p99'))}; receipt − request p50 "
            f"{fmt_ms(c['after_request_ms'].get('p50'))} p99 {fmt_ms(c['after_request_ms'].get('p99'))}")
        if end_stats["dropped"] or end_stats["unexpected"]:
            log(f"[{args.label}] dropped streams: {end_stats['dropped']} {end_stats['drop_errors'][:2]}; "
                f"events on idle streams: {end_stats['unexpected']}")
        if rounds and c["received"] == 0:
            result["error"] = "no change reached any stream"
            return finish(1)
        return finish(0)

    try:
        return measure()
    except SystemExit as e:
        result["error"] = str(e)
        log(f"[{args.label}] {e}")
        return finish(1)
    except KeyboardInterrupt:
        result["error"] = "interrupted"
        return finish(1)



def fmt_mib(kib):
    return "—" if kib is None else f"{kib / 1024:.0f} MiB"


def fmt_ms(v):
    return "—" if v is None else f"{v:.1f} ms"


def summary(paths):
    rows = []
    for p in paths:
        try:
            with open(p) as f:
                rows.append(json.load(f))
        except (OSError, ValueError) as e:
            print(f"{p}: {e}")
    if not rows:
        return 0
    print()
    print("PAHT live stream — summary (targets: RSS ≤ 300 MB with 10,000 idle streams; "
          "p99 commit → receipt ≤ 250 ms)")
    hdr = (f"{'setup':<34} {'streams':>13} {'RSS 0 → N':>17} {'fan-out':>8} {'got/expected':>14} "
           f"{'resp→recv p50/p99':>19} {'req→recv p50/p99':>18} {'slowest p50/p99':>17} {'request p50':>11}")
    print(hdr)
    print("-" * len(hdr))
    for r in rows:
        lbl = r.get("pid_label")
        o = r.get("open", {})
        before = r.get("rss_kib", {}).get("before", {}).get(lbl)
        idle = r.get("rss_kib", {}).get("idle", {}).get(lbl)
        c = r.get("changes", {})
        ar, aq, sl, rq = (c.get(k, {}) for k in (
            "after_response_ms", "after_request_ms", "slowest_stream_after_response_ms", "request_ms"))

        def two(d):
            if not d or not d.get("n"):
                return "—"
            return f"{d['p50']:.0f} / {d['p99']:.0f} ms"

        streams = f"{o.get('opened', 0)}/{r.get('clients')}"
        rss = f"{fmt_mib(before)} → {fmt_mib(idle)}"
        got = f"{c.get('received', 0)}/{c.get('expected', 0)}" if c else "—"
        req = f"{rq['p50']:.0f} ms" if rq.get("n") else "—"
        print(f"{r.get('label', '?'):<34} {streams:>13} {rss:>17} {r.get('fanout', 0):>8} {got:>14} "
              f"{two(ar):>19} {two(aq):>18} {two(sl):>17} {req:>11}")
    notes = []
    for r in rows:
        e = r.get("end") or r.get("idle") or {}
        o = r.get("open", {})
        c = r.get("changes", {})
        lbl = r.get("label", "?")
        if r.get("error"):
            notes.append(f"{lbl}: DID NOT COMPLETE: {r['error']}")
        if o.get("failed"):
            notes.append(f"{lbl}: {o['failed']} streams failed to open: {o.get('failures')} {o.get('errors', [])[:2]}")
        if e.get("dropped"):
            notes.append(f"{lbl}: {e['dropped']} streams closed by the server while idle {e.get('drop_errors', [])[:2]}")
        if e.get("no_ping"):
            notes.append(f"{lbl}: {e['no_ping']} open streams got no keep-alive ping in more than 23 s")
        idle = r.get("idle") or {}
        if idle.get("oldest_s", 0) > 23 and not idle.get("no_ping"):
            notes.append(f"{lbl}: every stream open > 23 s had its keep-alive ping "
                         f"({idle.get('pings')} pings by the time the memory was read)")
        if e.get("unexpected"):
            notes.append(f"{lbl}: idle streams (watching other reports) received events: {e['unexpected']}")
        if c.get("missing"):
            notes.append(f"{lbl}: {c['missing']} expected receipts never arrived")
        if c.get("duplicates") or c.get("extra_report_events"):
            notes.append(f"{lbl}: {c.get('duplicates')} duplicate and {c.get('extra_report_events')} unmatched report events")
        kinds = {k: v for k, v in (e.get("fanout_kinds") or {}).items() if k != "report"}
        if kinds:
            notes.append(f"{lbl}: fan-out streams also received {kinds}")
        if c.get("refused"):
            notes.append(f"{lbl}: {c['refused']} changes refused by the server")
        also = r.get("rss_kib", {}).get("idle", {})
        others = {k: v for k, v in also.items() if k != r.get("pid_label")}
        for k, v in others.items():
            notes.append(f"{lbl}: instance {k} (the one changed through) RSS "
                         f"{fmt_mib(r['rss_kib']['before'].get(k))} → {fmt_mib(v)}")
        if o:
            notes.append(f"{lbl}: {o.get('opened')} streams opened in {r.get('ramp_s', 0):.1f} s; "
                         f"peak RSS {fmt_mib(r.get('rss_kib', {}).get('peak', {}).get(r.get('pid_label')))}")
    print()
    print("resp→recv: event received − change's HTTP response read (the commit happened before it);")
    print("req→recv: − request sent (an upper bound on commit → receipt); slowest: last stream of each change.")
    for n in notes:
        print("  • " + n)
    return 0


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = ap.add_subparsers(dest="cmd", required=True)
    r = sub.add_parser("run")
    r.add_argument("--url", required=True, help="where the streams connect")
    r.add_argument("--change-url", help="where changes are posted (default --url)")
    r.add_argument("--pid", type=int, required=True, help="the streams' server process")
    r.add_argument("--pid-label", default="server")
    r.add_argument("--also-pid", type=int, help="another server process to report the memory of")
    r.add_argument("--also-label", default="other")
    r.add_argument("--clients", type=int, default=10000)
    r.add_argument("--fanout", type=int, default=1000)
    r.add_argument("--fanout-watch", default="", help="codes the fan-out streams watch, comma-separated")
    r.add_argument("--idle-pool", help="file of report codes the idle streams watch")
    r.add_argument("--idle-watch", type=int, default=20, help="codes per idle stream")
    r.add_argument("--changes", help="TSV of PATH, FORM BODY, CODE")
    r.add_argument("--rounds", type=int)
    r.add_argument("--interval", type=float, default=0.5)
    r.add_argument("--round-timeout", type=float, default=5.0)
    r.add_argument("--cookie", default=os.environ.get("PAHT_COOKIE", ""),
                   help="Cookie header of the changes (default $PAHT_COOKIE)")
    r.add_argument("--stream-cookie", default="", help="Cookie header of the streams (default none: anonymous)")
    r.add_argument("--workers", type=int, default=4)
    r.add_argument("--concurrency", type=int, default=100, help="connections being opened at once, per worker")
    r.add_argument("--connect-timeout", type=float, default=60.0)
    r.add_argument("--open-timeout", type=float, default=600.0)
    r.add_argument("--settle", type=float, default=3.0)
    r.add_argument("--label", default="live")
    r.add_argument("--json")
    s = sub.add_parser("summary")
    s.add_argument("files", nargs="+")
    args = ap.parse_args()
    if args.cmd == "summary":
        return summary(args.files)

    def stop(*_):
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, stop)
    return run(args)


if __name__ == "__main__":
    sys.exit(main())
