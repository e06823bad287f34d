"""What the comparison tools share: starting a server binary (ours or the
reference Redis) on a loopback port, and talking RESP to it.

Used by difftest.py, randtypes.py, rdbcompat.py, aofcompat.py and
utils/memtable.py.  Two kinds of connection:
  RawConn   call([args]) returns one complete reply as raw bytes, for
            byte-for-byte comparisons (RESP2 and RESP3);
  Client    call(*args) returns Python values (bytes, int, list, None) and
            raises RespError on an error reply (RESP2).
"""
import os, socket, subprocess, tempfile, time

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
OURS = os.path.join(ROOT, "src", "redis-server")
REF = "/usr/bin/redis-server"


def encode(args):
    """One command in RESP multi-bulk form; str arguments as latin1 (bytes
    pass through, numbers are written in decimal)."""
    out = [b"*%d\r\n" % len(args)]
    for a in args:
        if isinstance(a, bytes):
            b = a
        elif isinstance(a, str):
            b = a.encode("latin1")
        else:
            b = str(a).encode()
        out.append(b"$%d\r\n%s\r\n" % (len(b), b))
    return b"".join(out)


class RespError(RuntimeError):
    pass


class _Conn:
    """A socket with a read buffer: lines and exact byte counts."""

    def __init__(self, port, host="127.0.0.1", timeout=None):
        self.s = socket.create_connection((host, port), timeout=timeout)
        self.buf = b""

    def _fill(self):
        d = self.s.recv(1 << 20)
        if not d:
            raise EOFError("connection closed")
        self.buf += d

    def _line(self):
        while b"\r\n" not in self.buf:
            self._fill()
        line, self.buf = self.buf.split(b"\r\n", 1)
        return line

    def _exact(self, n):
        while len(self.buf) < n:
            self._fill()
        data, self.buf = self.buf[:n], self.buf[n:]
        return data

    def close(self):
        self.s.close()


class RawConn(_Conn):
    def read_reply(self):
        """The raw bytes of one complete reply, any RESP2 or RESP3 type."""
        line = self._line()
        t, rest = line[:1], line[1:]
        raw = line + b"\r\n"
        if t in (b"$", b"=", b"!"):
            n = int(rest)
            if n >= 0:
                raw += self._exact(n + 2)
        elif t in (b"*", b"~", b">", b"%", b"|"):
            n = int(rest)
            if n > 0:
                count = n * 2 if t in (b"%", b"|") else n
                for _ in range(count):
                    raw += self.read_reply()
            if t == b"|":  # attribute: the real reply follows
                raw += self.read_reply()
        return raw

    def call(self, args):
        self.s.sendall(encode(args))
        return self.read_reply()


class Client(_Conn):
    def read(self):
        line = self._line()
        t, rest = line[:1], line[1:]
        if t == b"+":
            return rest
        if t == b"-":
            raise RespError(rest.decode(errors="replace"))
        if t == b":":
            return int(rest)
        if t == b"$":
            n = int(rest)
            return None if n < 0 else self._exact(n + 2)[:-2]
        if t == b"*":
            n = int(rest)
            return None if n < 0 else [self.read() for _ in range(n)]
        raise RespError("unexpected reply type %r" % t)

    def call(self, *args):
        self.s.sendall(encode(args))
        return self.read()

    def pipeline(self, commands, window=2000):
        """Send already encoded commands in windows and read every reply;
        the first error reply raises RespError."""
        for i in range(0, len(commands), window):
            chunk = commands[i:i + window]
            self.s.sendall(b"".join(chunk))
            for _ in chunk:
                self.read()


def free_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    p = s.getsockname()[1]
    s.close()
    return p


def port_is_free(port):
    s = socket.socket()
    s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as the server binds: TIME_WAIT is no obstacle
    try:
        s.bind(("127.0.0.1", port))
        return True
    except OSError:
        return False
    finally:
        s.close()


class Server:
    """One server process: its own directory, port and log file.  The
    defaults keep it quiet (no snapshots, no AOF) and allow DEBUG; `extra`
    options come last on the command line, so they override them."""

    def __init__(self, binary, name, extra=(), port=None, dir=None):
        self.binary, self.name, self.extra = binary, name, list(extra)
        self.dir = dir or tempfile.mkdtemp(prefix="%s-" % name)
        self.port = port or free_port()
        self.proc = None

    def start(self):
        """Start and wait until it answers PING; returns a Client."""
        if not os.access(self.binary, os.X_OK):
            raise RuntimeError("no executable %s" % self.binary)
        args = [self.binary, "--port", str(self.port), "--bind", "127.0.0.1", "--save", "",
                "--appendonly", "no", "--enable-debug-command", "yes", "--dir", self.dir,
                "--logfile", "log.txt"] + self.extra
        self.proc = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        for _ in range(200):
            if self.proc.poll() is not None:
                break
            try:
                c = Client(self.port, timeout=5)
                c.call("PING")
                c.s.settimeout(None)
                return c
            except (OSError, RespError, EOFError):
                time.sleep(0.05)
        self.stop()
        raise RuntimeError("%s (%s) did not start on port %d; log:\n%s"
                           % (self.name, self.binary, self.port, self.log()))

    def stop(self):
        if self.proc:
            if self.proc.poll() is None:
                self.proc.terminate()
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:  # hung: a failure to report, not a reason to hang too
                self.proc.kill()
                self.proc.wait()
            self.proc = None

    def log(self):
        try:
            with open(os.path.join(self.dir, "log.txt")) as f:
                return f.read()[-3000:]
        except OSError:
            return ""

    def rdb(self):
        return os.path.join(self.dir, "dump.rdb")
