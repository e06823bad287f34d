/* fuzz_request.c - libFuzzer target for the request parser.
 *
 * Each input is the byte stream one client sends.  The harness makes a real
 * client (createClient) on one end of a socketpair and pushes the input into
 * it in a few chunks, so requests arrive whole, split, or a byte at a time,
 * the way partial reads deliver them:
 *
 *   - most inputs are appended straight to c->querybuf, followed by
 *     processInputBuffer() after every chunk (processInlineBuffer /
 *     processMultibulkBuffer and the commands they dispatch);
 *   - some inputs (chosen by a hash of the input) are written to the peer
 *     socket and read by readQueryFromClient() itself, which adds the read
 *     sizing for big arguments and the query-buffer limit.
 *
 * After every chunk the replies are written (handleClientsWithPendingWrites,
 * then writeToClient while output is pending) and the peer end is drained.
 * At the end the client is freed.  Crashes, sanitizer reports, leaks and a
 * reply flush that stops making progress are all reported as failures.
 *
 * The server is set up once in LLVMFuzzerInitialize() with
 * initServerForTests() (src/server.c): no listening sockets, no signal
 * handlers, no event loop running.  To keep the fuzzer harmless and bounded:
 *   - SHUTDOWN (and, should they appear, commands that write files, fork or
 *     touch replication) reply +OK without doing anything;
 *   - DEBUG stays gated by enable-debug-command "no" (the default), so
 *     DEBUG SEGFAULT / PANIC / ASSERT / SLEEP are refused;
 *   - proto-max-bulk-len and client-query-buffer-limit are small, and the
 *     settings a CONFIG SET in one input could change are put back before the
 *     next input, so inputs do not influence each other;
 *   - some inputs (again by hash) run with requirepass set, so the client
 *     starts unauthenticated, or with a 4 KB query buffer limit;
 *   - the keyspace is emptied every FUZZ_RESET_EVERY inputs (environment,
 *     default 1: every input starts from an empty keyspace, which keeps
 *     reproducers self-contained and leak detection exact).
 *
 * FUZZ_ECHO_REPLIES=1 copies everything the server replies to stderr, which
 * helps when reading a reproducer:  FUZZ_ECHO_REPLIES=1 ./fuzz_request FILE
 * FUZZ_FEED=socket or FUZZ_FEED=buffer forces one of the two feeding paths.
 */
#include "server.h"

#include <fcntl.h>
#include <sys/socket.h>

/* src/server.c; not declared in server.h on purpose (test-only entry). */
void initServerForTests(void);

#define FUZZ_PROTO_MAX_BULK_LEN (256 * 1024)
#define FUZZ_QUERYBUF_LIMIT (1024 * 1024)
#define FUZZ_MAX_CHUNKS 5

static unsigned long reset_every = 1;
static unsigned long iterations;
static int echo_replies; /* FUZZ_ECHO_REPLIES=1: copy the replies to stderr */
static int force_mode;   /* FUZZ_FEED=socket|buffer: override the hashed choice */
static clientBufferLimitsConfig saved_obuf_limits[CLIENT_TYPE_OBUF_COUNT];
static int saved_hz;

/* Replaces commands that must not run in a fuzzer: acknowledge and do nothing. */
static void fuzzNoopCommand(client *c) { addReply(c, shared.ok); }

static void neutraliseCommand(const char *name) {
    sds s = sdsnew(name);
    redisCommand *cmd = lookupCommandBySds(s);
    sdsfree(s);
    if (cmd) cmd->proc = fuzzNoopCommand;
}

/* Undo what CONFIG SET (or anything else) in the previous input changed. */
static void restoreServerSettings(void) {
    server.proto_max_bulk_len = FUZZ_PROTO_MAX_BULK_LEN;
    server.client_max_querybuf_len = FUZZ_QUERYBUF_LIMIT;
    if (server.requirepass) {
        sdsfree(server.requirepass);
        server.requirepass = NULL;
    }
    server.maxmemory = 0;
    server.verbosity = LL_WARNING;
    server.maxidletime = 0;
    server.tcpkeepalive = 0;
    server.config_hz = server.hz = saved_hz;
    memcpy(server.client_obuf_limits, saved_obuf_limits, sizeof(saved_obuf_limits));
    server.enable_debug_cmd = PROTECTED_ACTION_ALLOWED_NO;
    server.enable_module_cmd = PROTECTED_ACTION_ALLOWED_NO;
    server.enable_protected_configs = PROTECTED_ACTION_ALLOWED_NO;
}

int LLVMFuzzerInitialize(int *argc, char ***argv) {
    (void)argc;
    signal(SIGPIPE, SIG_IGN);
    srand(1);
    uint8_t hashseed[16] = "fuzz_request.c!";
    dictSetHashFunctionSeed(hashseed);

    const char *e = getenv("FUZZ_RESET_EVERY");
    if (e && atol(e) > 0) reset_every = (unsigned long)atol(e);
    e = getenv("FUZZ_ECHO_REPLIES");
    echo_replies = e && atoi(e) > 0;
    e = getenv("FUZZ_FEED");
    if (e && !strcmp(e, "socket")) force_mode = 1;
    else if (e && !strcmp(e, "buffer")) force_mode = 2;

    server.executable = (*argv)[0];
    initServerConfig();
    populateCommandTable();
    server.port = 0;
    server.maxclients = 64; /* sizes the event loop; one client at a time here */
    initServerForTests();

    neutraliseCommand("shutdown");
    /* Not served today; listed so that they stay harmless once they are. */
    neutraliseCommand("save");
    neutraliseCommand("bgsave");
    neutraliseCommand("bgrewriteaof");
    neutraliseCommand("replicaof");
    neutraliseCommand("slaveof");
    neutraliseCommand("sync");
    neutraliseCommand("psync");
    neutraliseCommand("failover");
    neutraliseCommand("monitor");
    neutraliseCommand("config|rewrite");
    neutraliseCommand("debug|sleep"); /* in case DEBUG grows subcommands */

    saved_hz = server.config_hz;
    memcpy(saved_obuf_limits, server.client_obuf_limits, sizeof(saved_obuf_limits));
    restoreServerSettings();
    return 0;
}

static uint64_t fnv1a(const uint8_t *data, size_t size) {
    uint64_t h = 1469598103934665603ULL;
    for (size_t j = 0; j < size; j++) {
        h ^= data[j];
        h *= 1099511628211ULL;
    }
    return h;
}

static int cmpSize(const void *a, const void *b) {
    size_t x = *(const size_t *)a, y = *(const size_t *)b;
    return x < y ? -1 : x > y;
}

static void drainPeer(int fd) {
    static char sink[64 * 1024];
    ssize_t n;
    while ((n = read(fd, sink, sizeof(sink))) > 0)
        if (echo_replies) fwrite(sink, 1, n, stderr);
}

static int clientClosing(client *c) { return (c->flags & CLIENT_CLOSE_ASAP) != 0; }

/* Write the client's pending replies to the socketpair, draining the peer end
 * as the real client would, until nothing is pending or the client is closing. */
static void flushReplies(client *c, int peer) {
    handleClientsWithPendingWrites();
    drainPeer(peer);
    int stalled = 0;
    while (!clientClosing(c) && clientHasPendingReplies(c)) {
        long long before = c->net_output_bytes;
        size_t bufpos = c->bufpos;
        unsigned long blocks = c->reply_blocks;
        /* handleClientsWithPendingWrites installed the writable handler: write
         * as sendReplyToClient does, which removes it once all is sent. */
        writeToClient(c, 1);
        drainPeer(peer);
        if (c->net_output_bytes == before && c->bufpos == bufpos && c->reply_blocks == blocks) {
            if (++stalled == 100) {
                fprintf(stderr, "fuzz_request: reply flush makes no progress (bufpos=%zu sentlen=%zu blocks=%lu)\n",
                        c->bufpos, c->sentlen, c->reply_blocks);
                abort();
            }
        } else {
            stalled = 0;
        }
    }
}

/* The real read path: the bytes go through the socket and readQueryFromClient. */
static void feedThroughSocket(client *c, int peer, const uint8_t *p, size_t len) {
    while (len && !clientClosing(c)) {
        ssize_t n = write(peer, p, len);
        if (n < 0) {
            if (errno == EAGAIN || errno == EINTR) n = 0;
            else break;
        }
        p += n;
        len -= n;
        /* Read until the socket is empty (readQueryFromClient reads at most
         * 16k, or what a big argument still misses, per call). */
        for (int guard = 0; guard < 1000000 && !clientClosing(c); guard++) {
            long long before = c->net_input_bytes;
            readQueryFromClient(server.el, c->fd, c, AE_READABLE);
            if (c->net_input_bytes == before) break;
        }
        if (!clientClosing(c)) flushReplies(c, peer);
    }
}

/* The parser alone: append to the query buffer and process it. */
static void feedQueryBuffer(client *c, const uint8_t *p, size_t len) {
    c->querybuf = sdscatlen(c->querybuf, p, len);
    c->net_input_bytes += len;
    if (sdslen(c->querybuf) > server.client_max_querybuf_len) {
        freeClientAsync(c);
        return;
    }
    processInputBuffer(c);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    restoreServerSettings();
    updateCachedTime();

    /* Variants chosen by a hash of the input: a client that must AUTH first
     * (requirepass set when it connects: the unauthenticated limits, AUTH and
     * HELLO AUTH), and a small query buffer limit (the disconnect path). */
    uint64_t h = fnv1a(data, size);
    if ((h >> 52) % 8 == 0) server.requirepass = sdsnew("fuzzpass");
    if ((h >> 48) % 8 == 0) server.client_max_querybuf_len = 4096;

    int sv[2];
    if (socketpair(AF_UNIX, SOCK_STREAM, 0, sv) == -1) {
        perror("socketpair");
        abort();
    }
    anetNonBlock(NULL, sv[1]);
    client *c = createClient(sv[0]);
    if (c == NULL) {
        fprintf(stderr, "fuzz_request: createClient failed\n");
        abort();
    }

    /* Chunk boundaries derived from the input: 1..5 chunks at hashed
     * offsets, or one byte at a time for some short inputs. */
    int via_socket = force_mode ? force_mode == 1 : (h >> 60) % 4 == 0;
    int bytewise = size <= 512 && (h >> 56) % 8 == 0;
    size_t cuts[FUZZ_MAX_CHUNKS + 1];
    int ncuts = 0;
    if (!bytewise && size > 1) {
        int k = (int)(h % FUZZ_MAX_CHUNKS); /* extra cut points: 0..4 */
        uint64_t x = h;
        for (int j = 0; j < k; j++) {
            x = x * 6364136223846793005ULL + 1442695040888963407ULL;
            cuts[ncuts++] = 1 + (size_t)((x >> 33) % (size - 1));
        }
        qsort(cuts, ncuts, sizeof(cuts[0]), cmpSize);
    }
    cuts[ncuts++] = size;

    size_t pos = 0;
    for (int j = 0; j < ncuts && !clientClosing(c); j++) {
        size_t end = cuts[j];
        while (pos < end && !clientClosing(c)) {
            size_t len = bytewise ? 1 : end - pos;
            if (via_socket) {
                feedThroughSocket(c, sv[1], data + pos, len);
            } else {
                feedQueryBuffer(c, data + pos, len);
                if (!clientClosing(c)) flushReplies(c, sv[1]);
            }
            pos += len;
        }
    }
    if (!clientClosing(c)) flushReplies(c, sv[1]);

    close(sv[1]);
    freeClient(c); /* also takes it off the async-free queue */
    freeClientsInAsyncFreeQueue();
    /* Clean up at the end rather than at the start of the next input, so that
     * an input frees what it allocated and libFuzzer's leak check (which
     * re-runs inputs whose mallocs and frees do not balance) stays quiet. */
    restoreServerSettings();
    if (++iterations % reset_every == 0) emptyData(-1, EMPTYDB_NO_FLAGS, NULL);
    return 0;
}
