/* networking.c - clients: accepting them, reading and parsing their requests
 * (RESP multibulk and inline), and buffering and writing their replies.
 *
 * Replies go first into a fixed per-client buffer (c->buf) and, once it is
 * full, into a chain of blocks (c->reply_head .. reply_tail).  Nothing is
 * written from inside a command: a client with output is put on
 * server.clients_pending_write and beforeSleep() writes to all of them once
 * per event loop cycle, which batches pipelined replies into few syscalls.
 * Only if a client's output does not fit in one write is a writable handler
 * installed.
 *
 * The reply API (addReply*) hides the protocol: RESP2 and RESP3 differ in
 * nulls, maps, sets, doubles, booleans, verbatim strings and push messages,
 * and each helper writes the form the client negotiated with HELLO. */
#include "server.h"
#include "debug.h"
#include "pubsub.h"

#include <sys/time.h>

#include <math.h>
#include <sys/socket.h>
#include <sys/uio.h>

#define MAX_ACCEPTS_PER_CALL 1000

static void setProtocolError(const char *errstr, client *c);
static int prepareClientToWrite(client *c);
static void unlinkClient(client *c);

/* ===========================================================================
 * Client creation and destruction
 * ======================================================================== */

client *createClient(int fd) {
    client *c = zmalloc(sizeof(client));
    memset(c, 0, sizeof(*c));
    if (fd != -1) {
        anetNonBlock(NULL, fd);
        anetEnableTcpNoDelay(NULL, fd);
        if (server.tcpkeepalive) anetKeepAlive(NULL, fd, server.tcpkeepalive);
        if (aeCreateFileEvent(server.el, fd, AE_READABLE, readQueryFromClient, c) == AE_ERR) {
            close(fd);
            zfree(c);
            return NULL;
        }
    }
    c->fd = fd;
    c->id = server.next_client_id++;
    c->resp = 2;
    c->db = &server.db[0];
    c->querybuf = sdsempty();
    c->bulklen = -1;
    c->buf = zmalloc(PROTO_REPLY_CHUNK_BYTES);
    c->buf_usable_size = zmalloc_size(c->buf);
    c->authenticated = server.requirepass == NULL;
    c->ctime = server.unixtime;
    c->last_interaction_ms = server.mstime;
    c->buf_peak_last_reset_time = server.mstime;
    if (fd == -1) c->flags |= CLIENT_FAKE;
    if (fd != -1) {
        listAddNodeTail(server.clients, c);
        c->client_list_node = listLast(server.clients);
    }
    return c;
}

void freeClientOriginalArgv(client *c) {
    if (!c->original_argv) return;
    for (int j = 0; j < c->original_argc; j++) decrRefCount(c->original_argv[j]);
    zfree(c->original_argv);
    c->original_argv = NULL;
    c->original_argc = 0;
}

void freeClientArgv(client *c) {
    freeClientOriginalArgv(c);
    for (int j = 0; j < c->argc; j++) decrRefCount(c->argv[j]);
    c->argc = 0;
    c->cmd = NULL;
    c->argv_len_sum = 0;
}

static void freeClientReplyChain(client *c) {
    clientReplyBlock *b = c->reply_head;
    while (b) {
        clientReplyBlock *next = b->next;
        zfree(b);
        b = next;
    }
    c->reply_head = c->reply_tail = NULL;
    c->reply_blocks = 0;
    c->reply_bytes = 0;
}

static void unlinkClient(client *c) {
    if (server.current_client == c) server.current_client = NULL;
    if (c->fd != -1) {
        if (c->client_list_node) {
            listDelNode(server.clients, c->client_list_node);
            c->client_list_node = NULL;
        }
        aeDeleteFileEvent(server.el, c->fd, AE_READABLE | AE_WRITABLE);
        close(c->fd);
        c->fd = -1;
    }
    if (c->flags & CLIENT_PENDING_WRITE) {
        listDelNode(server.clients_pending_write, c->pending_write_node);
        c->pending_write_node = NULL;
        c->flags &= ~CLIENT_PENDING_WRITE;
    }
}

void freeClient(client *c) {
    if (c->flags & CLIENT_CLOSE_ASAP) {
        listNode *ln = listSearchKey(server.clients_to_close, c);
        if (ln) listDelNode(server.clients_to_close, ln);
    }
    blockedForgetClient(c);
    multiFreeClient(c); /* queued commands and watched keys */
    pubsubUnsubscribeAll(c);
    if (c->flags & CLIENT_MONITOR) {
        listNode *ln = listSearchKey(server.monitors, c);
        if (ln) listDelNode(server.monitors, ln);
    }
    unlinkClient(c);
    sdsfree(c->querybuf);
    freeClientArgv(c);
    zfree(c->argv);
    freeClientReplyChain(c);
    zfree(c->buf);
    if (c->name) decrRefCount(c->name);
    zfree(c);
}

/* Schedule a client to be closed at the next safe point (beforeSleep or the
 * cron), never while one of its commands is running. */
void freeClientAsync(client *c) {
    if (c->flags & (CLIENT_CLOSE_ASAP | CLIENT_FAKE)) return;
    c->flags |= CLIENT_CLOSE_ASAP;
    listAddNodeTail(server.clients_to_close, c);
}

void freeClientsInAsyncFreeQueue(void) {
    while (listLength(server.clients_to_close)) {
        listNode *ln = listFirst(server.clients_to_close);
        client *c = listNodeValue(ln);
        c->flags &= ~CLIENT_CLOSE_ASAP;
        listDelNode(server.clients_to_close, ln);
        freeClient(c);
    }
}

/* ===========================================================================
 * Accepting connections
 * ======================================================================== */

static const char *protected_mode_msg =
    "-DENIED Redis is running in protected mode because protected mode is enabled and no password is "
    "set for the default user. In this mode connections are only accepted from the loopback "
    "interface. If you want to connect from external computers to Redis you may adopt one of the "
    "following solutions: 1) Just disable protected mode sending the command 'CONFIG SET "
    "protected-mode no' from the loopback interface by connecting to Redis from the same host the "
    "server is running, however MAKE SURE Redis is not publicly accessible from internet if you do "
    "so. Use CONFIG REWRITE to make this change permanent. 2) Alternatively you can just disable the "
    "protected mode by editing the Redis configuration file, and setting the protected mode option to "
    "'no', and then restarting the server. 3) If you started the server manually just for testing, "
    "restart it with the '--protected-mode no' option. 4) Setup a an authentication password for the "
    "default user. NOTE: You only need to do one of the above things in order for the server to start "
    "accepting connections from the outside.\r\n";

static int isLoopback(const char *ip) {
    return strncmp(ip, "127.", 4) == 0 || strcmp(ip, "::1") == 0;
}

static void acceptCommonHandler(int fd, int flags, const char *ip) {
    if (listLength(server.clients) >= server.maxclients) {
        static const char *err = "-ERR max number of clients reached\r\n";
        if (write(fd, err, strlen(err)) == -1) { /* nothing to do */ }
        server.stat_rejected_conn++;
        close(fd);
        return;
    }
    /* Protected mode: with no password, only loopback peers are served. */
    if (ip && server.protected_mode && server.requirepass == NULL && !isLoopback(ip)) {
        if (write(fd, protected_mode_msg, strlen(protected_mode_msg)) == -1) { /* ignore */ }
        server.stat_rejected_conn++;
        close(fd);
        return;
    }
    client *c = createClient(fd);
    if (c == NULL) {
        serverLog(LL_WARNING, "Error registering fd event for the new client: %s (fd=%d)",
                  strerror(errno), fd);
        return;
    }
    c->flags |= flags;
    server.stat_numconnections++;
}

void acceptTcpHandler(aeEventLoop *el, int fd, void *privdata, int mask) {
    char cip[NET_IP_STR_LEN];
    int cport;
    for (int max = MAX_ACCEPTS_PER_CALL; max > 0; max--) {
        int cfd = anetTcpAccept(server.neterr, fd, cip, sizeof(cip), &cport);
        if (cfd == ANET_ERR) {
            if (errno != EWOULDBLOCK && errno != EAGAIN)
                serverLog(LL_WARNING, "Accepting client connection: %s", server.neterr);
            return;
        }
        anetCloexec(cfd);
        serverLog(LL_VERBOSE, "Accepted %s:%d", cip, cport);
        acceptCommonHandler(cfd, 0, cip);
    }
}

void acceptUnixHandler(aeEventLoop *el, int fd, void *privdata, int mask) {
    for (int max = MAX_ACCEPTS_PER_CALL; max > 0; max--) {
        int cfd = anetUnixAccept(server.neterr, fd);
        if (cfd == ANET_ERR) {
            if (errno != EWOULDBLOCK && errno != EAGAIN)
                serverLog(LL_WARNING, "Accepting client connection: %s", server.neterr);
            return;
        }
        anetCloexec(cfd);
        serverLog(LL_VERBOSE, "Accepted connection to %s", server.unixsocket);
        acceptCommonHandler(cfd, CLIENT_UNIX_SOCKET, NULL);
    }
}

/* ===========================================================================
 * Reply buffering
 * ======================================================================== */

int clientHasPendingReplies(client *c) { return c->bufpos || c->reply_head != NULL; }

/* Is this client about to get output?  Puts it on the pending-write list the
 * first time.  C_ERR means: produce no output for it. */
static inline int prepareClientToWrite(client *c) {
    if (c->flags & (CLIENT_REPLY_OFF | CLIENT_REPLY_SKIP | CLIENT_CLOSE_ASAP | CLIENT_FAKE)) {
        return c->flags & CLIENT_FAKE && !(c->flags & CLIENT_CLOSE_ASAP) ? C_OK : C_ERR;
    }
    if (c->fd == -1) return C_ERR;
    if (!(c->flags & CLIENT_PENDING_WRITE)) {
        c->flags |= CLIENT_PENDING_WRITE;
        listAddNodeHead(server.clients_pending_write, c);
        c->pending_write_node = listFirst(server.clients_pending_write);
    }
    return C_OK;
}

size_t getClientOutputBufferMemoryUsage(client *c) {
    return c->reply_bytes + c->reply_blocks * sizeof(clientReplyBlock);
}

static void appendToReplyChain(client *c, const char *s, size_t len) {
    clientReplyBlock *tail = c->reply_tail;
    if (tail) {
        size_t avail = tail->size - tail->used;
        size_t copy = avail < len ? avail : len;
        memcpy(tail->buf + tail->used, s, copy);
        tail->used += copy;
        s += copy;
        len -= copy;
    }
    if (len) {
        size_t size = len < PROTO_REPLY_CHUNK_BYTES ? PROTO_REPLY_CHUNK_BYTES : len;
        clientReplyBlock *b = zmalloc(size + sizeof(clientReplyBlock));
        b->size = zmalloc_size(b) - sizeof(clientReplyBlock);
        b->used = len;
        b->next = NULL;
        memcpy(b->buf, s, len);
        if (c->reply_tail) c->reply_tail->next = b;
        else c->reply_head = b;
        c->reply_tail = b;
        c->reply_blocks++;
        c->reply_bytes += b->size;
        checkClientOutputBufferLimits(c);
    }
}

static inline void addReplyToBufferOrList(client *c, const char *s, size_t len) {
    if (c->flags & CLIENT_CLOSE_AFTER_REPLY) return;
    if (c->reply_head == NULL) {
        size_t avail = c->buf_usable_size - c->bufpos;
        size_t copy = avail < len ? avail : len;
        memcpy(c->buf + c->bufpos, s, copy);
        c->bufpos += copy;
        if (c->bufpos > c->buf_peak) c->buf_peak = c->bufpos; /* rbp in CLIENT LIST */
        s += copy;
        len -= copy;
        if (len == 0) return;
    }
    appendToReplyChain(c, s, len);
}

void addReplyProto(client *c, const char *s, size_t len) {
    if (prepareClientToWrite(c) != C_OK) return;
    addReplyToBufferOrList(c, s, len);
}

void addReply(client *c, robj *obj) {
    if (prepareClientToWrite(c) != C_OK) return;
    if (sdsEncodedObject(obj)) {
        addReplyToBufferOrList(c, obj->ptr, sdslen(obj->ptr));
    } else if (obj->encoding == OBJ_ENCODING_INT) {
        char buf[32];
        size_t len = ll2string(buf, sizeof(buf), (long)(intptr_t)obj->ptr);
        addReplyToBufferOrList(c, buf, len);
    } else {
        serverPanic("Wrong obj->encoding in addReply()");
    }
}

void addReplySds(client *c, sds s) {
    if (prepareClientToWrite(c) == C_OK) addReplyToBufferOrList(c, s, sdslen(s));
    sdsfree(s);
}

/* Count an error reply in the stats, and log errors that should not happen
 * on a healthy server (errors from a master or from inside scripts). */
void afterErrorReply(client *c, const char *s, size_t len) {
    server.stat_total_error_replies++;
    if (c->cmd && (c->flags & CLIENT_EXECUTING_COMMAND)) c->cmd->failed_calls++;
    /* The error code is the first word of an error that starts with '-';
     * errors without one were sent as "-ERR ...". */
    const char *code = "ERR";
    size_t codelen = 3;
    if (len && s[0] == '-') {
        const char *space = memchr(s, ' ', len);
        code = s + 1;
        codelen = (space ? (size_t)(space - s) : len) - 1;
    }
    incrementErrorCount(code, codelen);
}

/* Per-code error counts for INFO errorstats, bounded like Redis: past 128
 * distinct codes new ones are no longer tracked. */
typedef struct {
    long long count;
    char name[];
} errorStat;

static const void *errorStatGetKey(const void *e) { return ((const errorStat *)e)->name; }
static uint64_t errorStatHash(const void *k) { return dictGenHashFunction(k, strlen(k)); }
static int errorStatCompare(const void *a, const void *b) { return strcmp(a, b) == 0; }
static void errorStatFree(void *e) { zfree(e); }
static dictType errorStatDictType = {.hashFunction = errorStatHash, .entryGetKey = errorStatGetKey,
                                     .keyCompare = errorStatCompare, .entryDestructor = errorStatFree};
static dict *error_stats;
#define ERROR_STATS_MAX 128

void incrementErrorCount(const char *code, size_t len) {
    char name[64];
    if (len >= sizeof(name)) len = sizeof(name) - 1;
    memcpy(name, code, len);
    name[len] = '\0';
    if (!error_stats) error_stats = dictCreate(&errorStatDictType);
    errorStat *e = dictFind(error_stats, name);
    if (!e) {
        if (dictSize(error_stats) >= ERROR_STATS_MAX) return;
        e = zmalloc(sizeof(*e) + len + 1);
        e->count = 0;
        memcpy(e->name, name, len + 1);
        dictAdd(error_stats, e);
    }
    e->count++;
}

void resetErrorTableStats(void) {
    if (error_stats) dictEmpty(error_stats, NULL);
}

sds errorStatsCat(sds info) {
    if (!error_stats) return info;
    dictIterator *di = dictGetIterator(error_stats);
    errorStat *e;
    while ((e = dictNext(di)) != NULL) info = sdscatprintf(info, "errorstat_%s:count=%lld\r\n", e->name, e->count);
    dictReleaseIterator(di);
    return info;
}

/* Errors: "-ERR <msg>" unless msg already starts with an error code ("-CODE"). */
static void addReplyErrorLength(client *c, const char *s, size_t len) {
    if (!len || s[0] != '-') addReplyProto(c, "-ERR ", 5);
    addReplyProto(c, s, len);
    addReplyProto(c, "\r\n", 2);
}

void addReplyError(client *c, const char *err) {
    size_t len = strlen(err);
    addReplyErrorLength(c, err, len);
    afterErrorReply(c, err, len);
}

void addReplyErrorObject(client *c, robj *err) {
    addReply(c, err);
    afterErrorReply(c, err->ptr, sdslen(err->ptr) - 2);
}

/* Error texts never carry newlines: they would break the protocol. */
static sds sanitizeErrorText(sds s) {
    for (size_t j = 0; j < sdslen(s); j++)
        if (s[j] == '\r' || s[j] == '\n') s[j] = ' ';
    return s;
}

void addReplyErrorSds(client *c, sds err) {
    err = sanitizeErrorText(err);
    addReplyError(c, err);
    sdsfree(err);
}

void addReplyErrorFormat(client *c, const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    sds s = sdscatvprintf(sdsempty(), fmt, ap);
    va_end(ap);
    addReplyErrorSds(c, s);
}

void addReplyErrorArity(client *c) {
    addReplyErrorFormat(c, "wrong number of arguments for '%s' command", c->cmd->fullname);
}

void addReplyErrorExpireTime(client *c) {
    addReplyErrorFormat(c, "invalid expire time in '%s' command", c->cmd->fullname);
}

void addReplyStatusLength(client *c, const char *s, size_t len) {
    addReplyProto(c, "+", 1);
    addReplyProto(c, s, len);
    addReplyProto(c, "\r\n", 2);
}

void addReplyStatus(client *c, const char *status) { addReplyStatusLength(c, status, strlen(status)); }

/* ---------------------------------------------------------------------------
 * Aggregates and deferred lengths
 * ------------------------------------------------------------------------ */

/* Write "<prefix><ll>\r\n", using the shared headers for small counts. */
void addReplyLongLongWithPrefix(client *c, long long ll, char prefix) {
    if (ll >= 0 && ll < OBJ_SHARED_BULKHDR_LEN) {
        robj *hdr = NULL;
        switch (prefix) {
        case '*': hdr = shared.mbulkhdr[ll]; break;
        case '$': hdr = shared.bulkhdr[ll]; break;
        case '%': hdr = shared.maphdr[ll]; break;
        case '~': hdr = shared.sethdr[ll]; break;
        }
        if (hdr) {
            addReply(c, hdr);
            return;
        }
    }
    char buf[128];
    buf[0] = prefix;
    int len = ll2string(buf + 1, sizeof(buf) - 1, ll);
    buf[len + 1] = '\r';
    buf[len + 2] = '\n';
    addReplyProto(c, buf, len + 3);
}

void addReplyLongLong(client *c, long long ll) {
    if (ll == 0) addReply(c, shared.czero);
    else if (ll == 1) addReply(c, shared.cone);
    else addReplyLongLongWithPrefix(c, ll, ':');
}

void addReplyArrayLen(client *c, long length) { addReplyLongLongWithPrefix(c, length, '*'); }

void addReplyMapLen(client *c, long length) {
    if (c->resp >= 3) addReplyLongLongWithPrefix(c, length, '%');
    else addReplyLongLongWithPrefix(c, length * 2, '*');
}

void addReplySetLen(client *c, long length) { addReplyLongLongWithPrefix(c, length, c->resp >= 3 ? '~' : '*'); }

void addReplyPushLen(client *c, long length) { addReplyLongLongWithPrefix(c, length, c->resp >= 3 ? '>' : '*'); }

void addReplyNull(client *c) {
    if (c->resp >= 3) addReplyProto(c, "_\r\n", 3);
    else addReplyProto(c, "$-1\r\n", 5);
}

void addReplyNullArray(client *c) {
    if (c->resp >= 3) addReplyProto(c, "_\r\n", 3);
    else addReplyProto(c, "*-1\r\n", 5);
}

void addReplyBool(client *c, int b) {
    if (c->resp >= 3) addReplyProto(c, b ? "#t\r\n" : "#f\r\n", 4);
    else addReply(c, b ? shared.cone : shared.czero);
}

void addReplyDouble(client *c, double d) {
    char dbuf[MAX_D2STRING_CHARS];
    int dlen = d2string(dbuf, sizeof(dbuf), d);
    if (c->resp >= 3) {
        char buf[MAX_D2STRING_CHARS + 3];
        buf[0] = ',';
        memcpy(buf + 1, dbuf, dlen);
        buf[dlen + 1] = '\r';
        buf[dlen + 2] = '\n';
        addReplyProto(c, buf, dlen + 3);
    } else {
        addReplyBulkCBuffer(c, dbuf, dlen);
    }
}

void addReplyHumanLongDouble(client *c, long double d) {
    char buf[MAX_LONG_DOUBLE_CHARS];
    int len = ld2string(buf, sizeof(buf), d, LD_STR_HUMAN);
    if (c->resp == 2) {
        addReplyBulkCBuffer(c, buf, len);
        return;
    }
    /* RESP3: a double, written with the same digits (as Redis does). */
    addReplyProto(c, ",", 1);
    addReplyProto(c, buf, len);
    addReplyProto(c, "\r\n", 2);
}

void addReplyVerbatim(client *c, const char *s, size_t len, const char *ext) {
    if (c->resp == 2) {
        addReplyBulkCBuffer(c, s, len);
        return;
    }
    char hdr[48];
    int hlen = snprintf(hdr, sizeof(hdr), "=%zu\r\n%.3s:", len + 4, ext);
    addReplyProto(c, hdr, hlen);
    addReplyProto(c, s, len);
    addReplyProto(c, "\r\n", 2);
}

/* A placeholder for a length not yet known: an empty block that accepts no
 * data until setDeferred*Len fills it. */
void *addReplyDeferredLen(client *c) {
    if (prepareClientToWrite(c) != C_OK) return NULL;
    if (c->flags & CLIENT_CLOSE_AFTER_REPLY) return NULL;
    clientReplyBlock *b = zmalloc(sizeof(clientReplyBlock) + 32);
    b->size = 0;
    b->used = 0;
    b->next = NULL;
    if (c->reply_tail) c->reply_tail->next = b;
    else c->reply_head = b;
    c->reply_tail = b;
    c->reply_blocks++;
    return b;
}

static void setDeferredReply(client *c, void *node, char prefix, long length) {
    if (node == NULL) return;
    clientReplyBlock *b = node;
    char buf[32];
    buf[0] = prefix;
    int len = ll2string(buf + 1, sizeof(buf) - 1, length);
    buf[len + 1] = '\r';
    buf[len + 2] = '\n';
    memcpy(b->buf, buf, len + 3);
    b->size = b->used = len + 3;
    c->reply_bytes += b->size;
}

void setDeferredArrayLen(client *c, void *node, long length) { setDeferredReply(c, node, '*', length); }

void setDeferredMapLen(client *c, void *node, long length) {
    if (c->resp == 2) setDeferredReply(c, node, '*', length * 2);
    else setDeferredReply(c, node, '%', length);
}

void setDeferredSetLen(client *c, void *node, long length) {
    setDeferredReply(c, node, c->resp >= 3 ? '~' : '*', length);
}

/* ---------------------------------------------------------------------------
 * Bulk strings
 * ------------------------------------------------------------------------ */

void addReplyBulk(client *c, robj *obj) {
    if (obj->encoding == OBJ_ENCODING_INT) {
        char buf[32];
        int len = ll2string(buf, sizeof(buf), (long)(intptr_t)obj->ptr);
        addReplyBulkCBuffer(c, buf, len);
        return;
    }
    addReplyBulkCBuffer(c, obj->ptr, sdslen(obj->ptr));
}

/* Header, payload and trailer in as few copies as possible. */
void addReplyBulkCBuffer(client *c, const void *p, size_t len) {
    if (prepareClientToWrite(c) != C_OK) return;
    char hdr[32];
    int hlen;
    if (len < OBJ_SHARED_BULKHDR_LEN) {
        robj *h = shared.bulkhdr[len];
        hlen = sdslen(h->ptr);
        memcpy(hdr, h->ptr, hlen);
    } else {
        hdr[0] = '$';
        hlen = 1 + ll2string(hdr + 1, sizeof(hdr) - 1, len);
        hdr[hlen++] = '\r';
        hdr[hlen++] = '\n';
    }
    /* Fast path: everything fits in the fixed buffer. */
    if (c->reply_head == NULL && !(c->flags & CLIENT_CLOSE_AFTER_REPLY) &&
        c->buf_usable_size - c->bufpos >= hlen + len + 2) {
        char *dst = c->buf + c->bufpos;
        memcpy(dst, hdr, hlen);
        memcpy(dst + hlen, p, len);
        dst[hlen + len] = '\r';
        dst[hlen + len + 1] = '\n';
        c->bufpos += hlen + len + 2;
        return;
    }
    addReplyToBufferOrList(c, hdr, hlen);
    addReplyToBufferOrList(c, p, len);
    addReplyToBufferOrList(c, "\r\n", 2);
}

void addReplyBulkSds(client *c, sds s) {
    addReplyBulkCBuffer(c, s, sdslen(s));
    sdsfree(s);
}

void addReplyBulkCString(client *c, const char *s) {
    if (s == NULL) addReplyNull(c);
    else addReplyBulkCBuffer(c, s, strlen(s));
}

void addReplyBulkLongLong(client *c, long long ll) {
    char buf[64];
    int len = ll2string(buf, sizeof(buf), ll);
    addReplyBulkCBuffer(c, buf, len);
}

/* The HELP reply of a command with subcommands: a title line, the lines
 * given, and the HELP entry every such command has. */
void addReplyHelp(client *c, const char **help) {
    sds cmd = sdsnew((char *)c->argv[0]->ptr);
    int count = 0;
    while (help[count]) count++;
    sdstoupper(cmd);
    addReplyArrayLen(c, count + 3);
    sds title = sdscatprintf(sdsempty(), "%s <subcommand> [<arg> [value] [opt] ...]. Subcommands are:", cmd);
    addReplyStatus(c, title);
    sdsfree(title);
    sdsfree(cmd);
    for (int j = 0; j < count; j++) addReplyStatus(c, help[j]);
    addReplyStatus(c, "HELP");
    addReplyStatus(c, "    Prints this help.");
}

void addReplySubcommandSyntaxError(client *c) {
    sds cmd = sdsnew((char *)c->argv[0]->ptr);
    sdstoupper(cmd);
    addReplyErrorFormat(c, "unknown subcommand or wrong number of arguments for '%.128s'. Try %s HELP.",
                        (char *)c->argv[1]->ptr, cmd);
    sdsfree(cmd);
}

/* ===========================================================================
 * Output buffer limits
 * ======================================================================== */

/* A MONITOR client carries the replica flag (so that it cannot touch the
 * keyspace) but is a normal client for limits and filters. */
int getClientType(client *c) {
    if (c->flags & CLIENT_MASTER) return CLIENT_TYPE_MASTER;
    if ((c->flags & CLIENT_SLAVE) && !(c->flags & CLIENT_MONITOR)) return CLIENT_TYPE_SLAVE;
    if (c->flags & CLIENT_PUBSUB) return CLIENT_TYPE_PUBSUB;
    return CLIENT_TYPE_NORMAL;
}

char *getClientTypeName(int class) {
    switch (class) {
    case CLIENT_TYPE_NORMAL: return "normal";
    case CLIENT_TYPE_SLAVE: return "slave";
    case CLIENT_TYPE_PUBSUB: return "pubsub";
    case CLIENT_TYPE_MASTER: return "master";
    default: return NULL;
    }
}

int getClientTypeByName(char *name) {
    if (!strcasecmp(name, "normal")) return CLIENT_TYPE_NORMAL;
    if (!strcasecmp(name, "slave") || !strcasecmp(name, "replica")) return CLIENT_TYPE_SLAVE;
    if (!strcasecmp(name, "pubsub")) return CLIENT_TYPE_PUBSUB;
    if (!strcasecmp(name, "master")) return CLIENT_TYPE_MASTER;
    return -1;
}

/* Close clients whose pending output passes the hard limit of their class, or
 * the soft limit for longer than allowed.  Returns 1 if the client was
 * scheduled for closing. */
int checkClientOutputBufferLimits(client *c) {
    if (c->flags & (CLIENT_CLOSE_ASAP | CLIENT_FAKE)) return 0;
    int class = getClientType(c);
    if (class == CLIENT_TYPE_MASTER) class = CLIENT_TYPE_NORMAL;
    clientBufferLimitsConfig *lim = &server.client_obuf_limits[class];
    unsigned long long used = getClientOutputBufferMemoryUsage(c);
    int hard = lim->hard_limit_bytes && used >= lim->hard_limit_bytes;
    int soft = lim->soft_limit_bytes && used >= lim->soft_limit_bytes;
    if (soft) {
        if (c->obuf_soft_limit_reached_time == 0) {
            c->obuf_soft_limit_reached_time = server.unixtime;
            soft = 0;
        } else if (server.unixtime - c->obuf_soft_limit_reached_time <= lim->soft_limit_seconds) {
            soft = 0;
        }
    } else {
        c->obuf_soft_limit_reached_time = 0;
    }
    if (hard || soft) {
        sds info = catClientInfoString(sdsempty(), c);
        serverLog(LL_WARNING, "Client %s scheduled to be closed ASAP for overcoming of output buffer limits.",
                  info);
        sdsfree(info);
        server.stat_client_outbuf_limit_disconnections++;
        freeClientAsync(c);
        return 1;
    }
    return 0;
}

/* ===========================================================================
 * Writing
 * ======================================================================== */

/* Write as much pending output as the socket takes, with one writev over the
 * fixed buffer and the first blocks.  Returns C_ERR if the client was freed. */
int writeToClient(client *c, int handler_installed) {
    ssize_t totwritten = 0;
    while (clientHasPendingReplies(c)) {
        struct iovec iov[16];
        int iovcnt = 0;
        size_t pending = 0;
        if (c->bufpos) {
            iov[iovcnt].iov_base = c->buf + c->sentlen;
            iov[iovcnt].iov_len = c->bufpos - c->sentlen;
            pending += iov[iovcnt].iov_len;
            iovcnt++;
        }
        size_t offset = c->bufpos ? 0 : c->sentlen;
        for (clientReplyBlock *b = c->reply_head; b && iovcnt < 16; b = b->next) {
            if (b->used - offset == 0) {
                offset = 0;
                continue;
            }
            iov[iovcnt].iov_base = b->buf + offset;
            iov[iovcnt].iov_len = b->used - offset;
            pending += iov[iovcnt].iov_len;
            iovcnt++;
            offset = 0;
        }
        if (iovcnt == 0) {
            /* Only empty blocks left. */
            freeClientReplyChain(c);
            c->sentlen = 0;
            break;
        }
        ssize_t nwritten = iovcnt == 1 ? write(c->fd, iov[0].iov_base, iov[0].iov_len)
                                       : writev(c->fd, iov, iovcnt);
        if (nwritten <= 0) {
            if (nwritten == -1 && (errno == EAGAIN || errno == EINTR)) break;
            serverLog(LL_VERBOSE, "Error writing to client: %s", nwritten == -1 ? strerror(errno) : "closed");
            freeClientAsync(c);
            return C_ERR;
        }
        totwritten += nwritten;
        /* Consume what was written. */
        size_t left = nwritten;
        if (c->bufpos) {
            size_t inbuf = c->bufpos - c->sentlen;
            if (left >= inbuf) {
                left -= inbuf;
                c->bufpos = 0;
                c->sentlen = 0;
            } else {
                c->sentlen += left;
                left = 0;
            }
        }
        while (left || (c->reply_head && c->reply_head->used == c->sentlen && c->reply_head->size)) {
            clientReplyBlock *b = c->reply_head;
            if (!b) break;
            size_t inblock = b->used - c->sentlen;
            if (left >= inblock) {
                left -= inblock;
                c->reply_head = b->next;
                if (!c->reply_head) c->reply_tail = NULL;
                c->reply_bytes -= b->size;
                c->reply_blocks--;
                zfree(b);
                c->sentlen = 0;
            } else {
                c->sentlen += left;
                left = 0;
            }
        }
        if ((size_t)nwritten < pending) break; /* socket full */
        if (totwritten > NET_MAX_WRITES_PER_EVENT) break;
    }
    server.stat_net_output_bytes += totwritten;
    c->net_output_bytes += totwritten;
    if (totwritten > 0) {
        c->last_interaction_ms = server.mstime;
        server.stat_total_writes_processed++;
    }
    if (!clientHasPendingReplies(c)) {
        c->sentlen = 0;
        if (handler_installed) aeDeleteFileEvent(server.el, c->fd, AE_WRITABLE);
        if (c->flags & CLIENT_CLOSE_AFTER_REPLY) {
            freeClientAsync(c);
            return C_ERR;
        }
    }
    return C_OK;
}

static void sendReplyToClient(aeEventLoop *el, int fd, void *privdata, int mask) {
    writeToClient(privdata, 1);
}

/* Called before sleeping: write to every client with pending output, and
 * install a writable handler for those whose output did not all fit. */
int handleClientsWithPendingWrites(void) {
    int processed = listLength(server.clients_pending_write);
    while (listLength(server.clients_pending_write)) {
        listNode *ln = listFirst(server.clients_pending_write);
        client *c = listNodeValue(ln);
        c->flags &= ~CLIENT_PENDING_WRITE;
        listDelNode(server.clients_pending_write, ln);
        c->pending_write_node = NULL;
        if (c->flags & CLIENT_CLOSE_ASAP) continue;
        if (writeToClient(c, 0) == C_ERR) continue;
        if (clientHasPendingReplies(c)) {
            if (aeCreateFileEvent(server.el, c->fd, AE_WRITABLE, sendReplyToClient, c) == AE_ERR)
                freeClientAsync(c);
        }
    }
    return processed;
}

/* ===========================================================================
 * Reading and parsing requests
 * ======================================================================== */

void resetClient(client *c) {
    freeClientArgv(c);
    c->reqtype = 0;
    c->multibulklen = 0;
    c->bulklen = -1;
    if (c->flags & CLIENT_REPLY_SKIP) c->flags &= ~CLIENT_REPLY_SKIP;
    if (c->flags & CLIENT_REPLY_SKIP_NEXT) {
        c->flags |= CLIENT_REPLY_SKIP;
        c->flags &= ~CLIENT_REPLY_SKIP_NEXT;
    }
}

/* Requests are parsed in place; argument vectors grow as arguments arrive so
 * a client that announces a huge count but sends nothing costs nothing. */
static void ensureArgvRoom(client *c, int needed) {
    if (needed <= c->argv_len) return;
    int newlen = c->argv_len ? c->argv_len * 2 : 8;
    if (newlen < needed) newlen = needed;
    c->argv = zrealloc(c->argv, sizeof(robj *) * newlen);
    c->argv_len = newlen;
}

/* Inline protocol: a line of space separated, optionally quoted words. */
static int processInlineBuffer(client *c) {
    char *start = c->querybuf + c->qb_pos;
    size_t avail = sdslen(c->querybuf) - c->qb_pos;
    char *newline = memchr(start, '\n', avail);
    int linefeed_chars = 1;

    if (newline == NULL) {
        if (avail > PROTO_INLINE_MAX_SIZE) setProtocolError("too big inline request", c);
        return C_ERR;
    }
    if (newline != start && newline[-1] == '\r') {
        newline--;
        linefeed_chars++;
    }
    size_t querylen = newline - start;
    sds aux = sdsnewlen(start, querylen);
    int argc;
    sds *argv = sdssplitargs(aux, &argc);
    sdsfree(aux);
    if (argv == NULL) {
        setProtocolError("unbalanced quotes in request", c);
        return C_ERR;
    }
    c->qb_pos += querylen + linefeed_chars;
    ensureArgvRoom(c, argc);
    for (int j = 0; j < argc; j++) {
        c->argv[c->argc++] = createObject(OBJ_STRING, argv[j]);
        c->argv_len_sum += sdslen(argv[j]);
    }
    zfree(argv);
    return C_OK;
}

/* Multibulk protocol: *<count>\r\n then count times $<len>\r\n<bytes>\r\n.
 * Returns C_OK when a whole request is in argv, C_ERR when more input is
 * needed or on a protocol error. */
static int processMultibulkBuffer(client *c) {
    char *newline;
    long long ll;

    if (c->multibulklen == 0) {
        char *p = c->querybuf + c->qb_pos;
        size_t avail = sdslen(c->querybuf) - c->qb_pos;
        newline = memchr(p, '\r', avail);
        if (newline == NULL) {
            if (avail > PROTO_INLINE_MAX_SIZE) setProtocolError("too big mbulk count string", c);
            return C_ERR;
        }
        if ((size_t)(newline - p) + 2 > avail) return C_ERR; /* \n not yet here */
        int ok = string2ll(p + 1, newline - (p + 1), &ll);
        if (!ok || ll > INT_MAX) {
            setProtocolError("invalid multibulk length", c);
            return C_ERR;
        } else if (ll > 10 && !c->authenticated) {
            setProtocolError("unauthenticated multibulk length", c);
            return C_ERR;
        }
        c->qb_pos = (newline - c->querybuf) + 2;
        if (ll <= 0) return C_OK;
        c->multibulklen = ll;
        ensureArgvRoom(c, ll < 1024 ? (int)ll : 1024);
    }

    while (c->multibulklen) {
        if (c->bulklen == -1) {
            char *p = c->querybuf + c->qb_pos;
            size_t avail = sdslen(c->querybuf) - c->qb_pos;
            newline = memchr(p, '\r', avail);
            if (newline == NULL) {
                if (avail > PROTO_INLINE_MAX_SIZE) {
                    setProtocolError("too big bulk count string", c);
                    return C_ERR;
                }
                break;
            }
            if ((size_t)(newline - p) + 2 > avail) break;
            if (p[0] != '$') {
                sds err = sdscatprintf(sdsempty(), "expected '$', got '%c'", p[0]);
                setProtocolError(err, c);
                sdsfree(err);
                return C_ERR;
            }
            int ok = string2ll(p + 1, newline - (p + 1), &ll);
            if (!ok || ll < 0 || ll > server.proto_max_bulk_len) {
                setProtocolError("invalid bulk length", c);
                return C_ERR;
            } else if (ll > 16384 && !c->authenticated) {
                setProtocolError("unauthenticated bulk length", c);
                return C_ERR;
            }
            c->qb_pos = (newline - c->querybuf) + 2;
            if (ll >= PROTO_MBULK_BIG_ARG) {
                /* A big argument: make the query buffer hold exactly it, so
                 * it can become the argument without a copy. */
                if (sdslen(c->querybuf) - c->qb_pos <= (size_t)ll + 2) {
                    sdsrange(c->querybuf, c->qb_pos, -1);
                    c->qb_pos = 0;
                    c->querybuf = sdsMakeRoomForNonGreedy(c->querybuf, ll + 2 - sdslen(c->querybuf));
                }
            }
            c->bulklen = ll;
        }

        if (sdslen(c->querybuf) - c->qb_pos < (size_t)(c->bulklen + 2)) break;
        ensureArgvRoom(c, c->argc + 1);
        if (c->qb_pos == 0 && c->bulklen >= PROTO_MBULK_BIG_ARG &&
            sdslen(c->querybuf) == (size_t)(c->bulklen + 2)) {
            sdsIncrLen(c->querybuf, -2); /* drop \r\n */
            c->argv[c->argc++] = createObject(OBJ_STRING, c->querybuf);
            c->querybuf = sdsnewlen(SDS_NOINIT, c->bulklen + 2);
            sdsclear(c->querybuf);
        } else {
            c->argv[c->argc++] = createStringObject(c->querybuf + c->qb_pos, c->bulklen);
            c->qb_pos += c->bulklen + 2;
        }
        c->argv_len_sum += c->bulklen;
        c->bulklen = -1;
        c->multibulklen--;
    }
    return c->multibulklen == 0 ? C_OK : C_ERR;
}

static void setProtocolError(const char *errstr, client *c) {
    if (server.verbosity <= LL_VERBOSE) {
        sds info = catClientInfoString(sdsempty(), c);
        serverLog(LL_VERBOSE, "Protocol error (%s) from client: %s", errstr, info);
        sdsfree(info);
    }
    addReplyErrorFormat(c, "Protocol error: %s", errstr);
    c->flags |= CLIENT_CLOSE_AFTER_REPLY;
    /* Discard the rest of the input. */
    sdsclear(c->querybuf);
    c->qb_pos = 0;
}

/* Run the parsed request in argv; the argv is kept while the client is
 * blocked (blocked.c runs it again or answers it later).  C_ERR would mean
 * the client no longer exists; clients are only ever freed asynchronously
 * from here, so it is always C_OK today. */
int processCommandAndResetClient(client *c) {
    client *prev = server.current_client;
    server.current_client = c;
    processCommand(c);
    server.current_client = prev;
    if (!(c->flags & CLIENT_BLOCKED)) resetClient(c);
    return C_OK;
}

/* Parse and execute every complete request in the query buffer.  A blocked
 * client keeps its input until it is unblocked. */
void processInputBuffer(client *c) {
    while (c->qb_pos < sdslen(c->querybuf)) {
        if (c->flags & (CLIENT_CLOSE_AFTER_REPLY | CLIENT_CLOSE_ASAP | CLIENT_BLOCKED)) break;
        if (!c->reqtype) c->reqtype = c->querybuf[c->qb_pos] == '*' ? PROTO_REQ_MULTIBULK : PROTO_REQ_INLINE;
        if (c->reqtype == PROTO_REQ_INLINE) {
            if (processInlineBuffer(c) != C_OK) break;
        } else {
            if (processMultibulkBuffer(c) != C_OK) break;
        }
        if (c->argc == 0) {
            resetClient(c);
        } else {
            processCommandAndResetClient(c);
        }
    }
    if (c->qb_pos) {
        sdsrange(c->querybuf, c->qb_pos, -1);
        c->qb_pos = 0;
    }
}

void readQueryFromClient(aeEventLoop *el, int fd, void *privdata, int mask) {
    client *c = privdata;
    size_t readlen = PROTO_IOBUF_LEN;

    /* While reading a big argument, read just what is missing of it. */
    if (c->reqtype == PROTO_REQ_MULTIBULK && c->multibulklen && c->bulklen != -1 &&
        c->bulklen >= PROTO_MBULK_BIG_ARG) {
        ssize_t remaining = (size_t)(c->bulklen + 2) - (sdslen(c->querybuf) - c->qb_pos);
        if (remaining > 0) readlen = remaining;
    }
    size_t qblen = sdslen(c->querybuf);
    if (qblen > c->querybuf_peak) c->querybuf_peak = qblen;
    c->querybuf = sdsMakeRoomFor(c->querybuf, readlen);
    ssize_t nread = read(fd, c->querybuf + qblen, readlen);
    if (nread == -1) {
        if (errno == EAGAIN || errno == EINTR) return;
        serverLog(LL_VERBOSE, "Reading from client: %s", strerror(errno));
        freeClientAsync(c);
        return;
    } else if (nread == 0) {
        serverLog(LL_VERBOSE, "Client closed connection");
        freeClientAsync(c);
        return;
    }
    sdsIncrLen(c->querybuf, nread);
    c->last_interaction_ms = server.mstime;
    c->net_input_bytes += nread;
    server.stat_net_input_bytes += nread;
    server.stat_total_reads_processed++;

    if (sdslen(c->querybuf) > server.client_max_querybuf_len) {
        sds ci = catClientInfoString(sdsempty(), c);
        size_t head = sdslen(c->querybuf) < 64 ? sdslen(c->querybuf) : 64;
        sds bytes = sdscatrepr(sdsempty(), c->querybuf, head);
        serverLog(LL_WARNING, "Closing client that reached max query buffer length: %s (qbuf initial bytes: %s)",
                  ci, bytes);
        sdsfree(bytes);
        sdsfree(ci);
        server.stat_client_qbuf_limit_disconnections++;
        freeClientAsync(c);
        return;
    }
    processInputBuffer(c);
}

/* ===========================================================================
 * Rewriting the command vector (for propagation)
 *
 * MONITOR and SLOWLOG show the request as the client sent it, so the first
 * rewrite keeps the original vector in c->original_argv.
 * ======================================================================== */

static void retainOriginalCommandVector(client *c) {
    if (c->original_argv) return;
    c->original_argc = c->argc;
    c->original_argv = zmalloc(sizeof(robj *) * (c->argc ? c->argc : 1));
    for (int j = 0; j < c->argc; j++) {
        c->original_argv[j] = c->argv[j];
        incrRefCount(c->argv[j]);
    }
}

/* Hide a secret (a password) from MONITOR and SLOWLOG. */
void redactClientCommandArgument(client *c, int argc) {
    retainOriginalCommandVector(c);
    if (argc >= c->original_argc) return;
    decrRefCount(c->original_argv[argc]);
    c->original_argv[argc] = shared.redacted;
    incrRefCount(shared.redacted);
}

void replaceClientCommandVector(client *c, int argc, robj **argv) {
    retainOriginalCommandVector(c);
    for (int j = 0; j < c->argc; j++) decrRefCount(c->argv[j]);
    c->argc = 0;
    c->argv_len_sum = 0;
    zfree(c->argv);
    c->argv = argv;
    c->argc = argc;
    c->argv_len = argc;
    for (int j = 0; j < argc; j++)
        if (sdsEncodedObject(argv[j])) c->argv_len_sum += sdslen(argv[j]->ptr);
    c->cmd = lookupCommandOrOriginal(c->argv, c->argc);
}

void rewriteClientCommandVector(client *c, int argc, ...) {
    va_list ap;
    robj **argv = zmalloc(sizeof(robj *) * argc);
    va_start(ap, argc);
    for (int j = 0; j < argc; j++) {
        robj *a = va_arg(ap, robj *);
        argv[j] = a;
        incrRefCount(a);
    }
    va_end(ap);
    replaceClientCommandVector(c, argc, argv);
}

void rewriteClientCommandArgument(client *c, int i, robj *newval) {
    retainOriginalCommandVector(c);
    ensureArgvRoom(c, i + 1);
    if (i < c->argc && c->argv[i]) decrRefCount(c->argv[i]);
    else if (i >= c->argc) {
        for (int j = c->argc; j < i; j++) c->argv[j] = NULL;
        c->argc = i + 1;
    }
    c->argv[i] = newval;
    incrRefCount(newval);
    if (i == 0) c->cmd = lookupCommandOrOriginal(c->argv, c->argc);
}

/* ===========================================================================
 * Client introspection and the CLIENT command
 * ======================================================================== */

static void cacheClientAddresses(client *c) {
    if (c->conn_info[0]) return;
    char ip[NET_IP_STR_LEN];
    int port;
    if (c->flags & CLIENT_UNIX_SOCKET) {
        snprintf(c->conn_info, sizeof(c->conn_info), "%s:0", server.unixsocket ? server.unixsocket : "");
        snprintf(c->laddr, sizeof(c->laddr), "%s:0", server.unixsocket ? server.unixsocket : "");
        return;
    }
    if (c->fd != -1 && anetFdToString(c->fd, ip, sizeof(ip), &port, 1) == 0)
        anetFormatAddr(c->conn_info, sizeof(c->conn_info), ip, port);
    else
        snprintf(c->conn_info, sizeof(c->conn_info), "?:0");
    if (c->fd != -1 && anetFdToString(c->fd, ip, sizeof(ip), &port, 0) == 0)
        anetFormatAddr(c->laddr, sizeof(c->laddr), ip, port);
    else
        snprintf(c->laddr, sizeof(c->laddr), "?:0");
}

/* Is the client connected from this host (loopback or unix socket)? */
int clientIsLocal(client *c) {
    char ip[NET_IP_STR_LEN];
    int port;
    if (c->flags & CLIENT_UNIX_SOCKET) return 1;
    if (c->fd == -1 || anetFdToString(c->fd, ip, sizeof(ip), &port, 1) == -1) return 0;
    return isLoopback(ip);
}

sds catClientInfoString(sds s, client *c) {
    char flags[16], events[3], *p;
    cacheClientAddresses(c);
    p = flags;
    if (c->flags & CLIENT_SLAVE) *p++ = (c->flags & CLIENT_MONITOR) ? 'O' : 'S';
    if (c->flags & CLIENT_MASTER) *p++ = 'M';
    if (c->flags & CLIENT_PUBSUB) *p++ = 'P';
    if (c->flags & CLIENT_MULTI) *p++ = 'x';
    if (c->flags & CLIENT_BLOCKED) *p++ = 'b';
    if (c->flags & CLIENT_DIRTY_CAS) *p++ = 'd';
    if (c->flags & CLIENT_CLOSE_AFTER_REPLY) *p++ = 'c';
    if (c->flags & CLIENT_UNBLOCKED) *p++ = 'u';
    if (c->flags & CLIENT_CLOSE_ASAP) *p++ = 'A';
    if (c->flags & CLIENT_UNIX_SOCKET) *p++ = 'U';
    if (c->flags & CLIENT_NO_EVICT) *p++ = 'e';
    if (p == flags) *p++ = 'N';
    *p = '\0';
    p = events;
    if (c->fd != -1) {
        int mask = aeGetFileEvents(server.el, c->fd);
        if (mask & AE_READABLE) *p++ = 'r';
        if (mask & AE_WRITABLE) *p++ = 'w';
    }
    *p = '\0';
    size_t obufmem = getClientOutputBufferMemoryUsage(c);
    size_t total = obufmem + zmalloc_size(c) + sdsAllocSize(c->querybuf) + c->buf_usable_size +
                   c->argv_len * sizeof(robj *) + c->argv_len_sum + c->mstate.argv_len_sums +
                   c->mstate.alloc * sizeof(multiCmd);
    return sdscatfmt(
        s,
        "id=%U addr=%s laddr=%s fd=%i name=%s age=%I idle=%I flags=%s db=%i sub=%U psub=%U ssub=%U "
        "multi=%i qbuf=%U qbuf-free=%U argv-mem=%U multi-mem=%U rbs=%U rbp=%U obl=%U oll=%U omem=%U "
        "tot-mem=%U events=%s cmd=%s user=default redir=-1 resp=%i",
        (unsigned long long)c->id, c->conn_info, c->laddr, c->fd, c->name ? (char *)c->name->ptr : "",
        (long long)(server.unixtime - c->ctime), (long long)((server.mstime - c->last_interaction_ms) / 1000),
        flags, c->db->id, (unsigned long long)pubsubClientChannels(c), (unsigned long long)pubsubClientPatterns(c),
        (unsigned long long)pubsubClientShardChannels(c), (c->flags & CLIENT_MULTI) ? c->mstate.count : -1,
        (unsigned long long)sdslen(c->querybuf), (unsigned long long)sdsavail(c->querybuf),
        (unsigned long long)c->argv_len_sum, (unsigned long long)c->mstate.argv_len_sums,
        (unsigned long long)c->buf_usable_size,
        (unsigned long long)c->buf_peak, (unsigned long long)c->bufpos,
        (unsigned long long)c->reply_blocks, (unsigned long long)obufmem, (unsigned long long)total,
        events, c->lastcmd ? c->lastcmd->fullname : "NULL", c->resp);
}

static sds getAllClientsInfoString(int type) {
    listIter li;
    listNode *ln;
    sds o = sdsempty();
    listRewind(server.clients, &li);
    while ((ln = listNext(&li)) != NULL) {
        client *c = listNodeValue(ln);
        if (type != -1 && getClientType(c) != type) continue;
        o = catClientInfoString(o, c);
        o = sdscatlen(o, "\n", 1);
    }
    return o;
}

/* Client names: printable ASCII without spaces. */
static int validateClientName(robj *name) {
    char *p = name->ptr;
    size_t len = sdslen(name->ptr);
    for (size_t j = 0; j < len; j++)
        if (p[j] < '!' || p[j] > '~') return C_ERR;
    return C_OK;
}

int clientSetName(client *c, robj *name) {
    if (validateClientName(name) != C_OK) {
        addReplyError(c, "Client names cannot contain spaces, newlines or special characters.");
        return C_ERR;
    }
    if (c->name) decrRefCount(c->name);
    c->name = NULL;
    if (sdslen(name->ptr) == 0) return C_OK;
    robj *dec = getDecodedObject(name);
    c->name = dupStringObject(dec);
    decrRefCount(dec);
    return C_OK;
}

/* RESET: back to the state of a new connection: db 0, RESP2, no name, no
 * subscriptions, and not authenticated if the default user has a password. */
void resetCommand(client *c) {
    clientStopMonitoring(c);
    pubsubUnsubscribeAll(c);
    multiFreeClient(c); /* out of MULTI, nothing watched */
    selectDb(c, 0);
    c->resp = 2;
    c->authenticated = server.requirepass == NULL;
    if (c->name) decrRefCount(c->name);
    c->name = NULL;
    c->flags &= ~(CLIENT_REPLY_OFF | CLIENT_REPLY_SKIP_NEXT); /* NO-EVICT stays, as in Redis */
    addReplyStatus(c, "RESET");
}

void clientIdCommand(client *c) { addReplyLongLong(c, c->id); }

void clientSetnameCommand(client *c) {
    if (clientSetName(c, c->argv[2]) == C_OK) addReply(c, shared.ok);
}

void clientGetnameCommand(client *c) {
    if (c->name) addReplyBulk(c, c->name);
    else addReplyNull(c);
}

void clientInfoCommand(client *c) {
    sds o = catClientInfoString(sdsempty(), c);
    o = sdscatlen(o, "\n", 1);
    addReplyVerbatim(c, o, sdslen(o), "txt");
    sdsfree(o);
}

void clientListCommand(client *c) {
    int type = -1;
    sds o = NULL;
    if (c->argc == 4 && !strcasecmp(c->argv[2]->ptr, "type")) {
        type = getClientTypeByName(c->argv[3]->ptr);
        if (type == -1) {
            addReplyErrorFormat(c, "Unknown client type '%s'", (char *)c->argv[3]->ptr);
            return;
        }
    } else if (c->argc > 3 && !strcasecmp(c->argv[2]->ptr, "id")) {
        o = sdsempty();
        for (int j = 3; j < c->argc; j++) {
            long long id;
            if (getLongLongFromObjectOrReply(c, c->argv[j], &id, "Invalid client ID")) {
                sdsfree(o);
                return;
            }
            listIter li;
            listNode *ln;
            listRewind(server.clients, &li);
            while ((ln = listNext(&li)) != NULL) {
                client *cl = listNodeValue(ln);
                if (cl->id == (uint64_t)id) {
                    o = catClientInfoString(o, cl);
                    o = sdscatlen(o, "\n", 1);
                }
            }
        }
    } else if (c->argc != 2) {
        addReplyErrorObject(c, shared.syntaxerr);
        return;
    }
    if (!o) o = getAllClientsInfoString(type);
    addReplyVerbatim(c, o, sdslen(o), "txt");
    sdsfree(o);
}

void clientHelpCommand(client *c) {
    const char *help[] = {
        "CACHING (YES|NO)",
        "    Enable/disable tracking of the keys for next command in OPTIN/OPTOUT modes.",
        "GETREDIR",
        "    Return the client ID we are redirecting to when tracking is enabled.",
        "GETNAME",
        "    Return the name of the current connection.",
        "ID",
        "    Return the ID of the current connection.",
        "INFO",
        "    Return information about the current client connection.",
        "KILL <ip:port>",
        "    Kill connection made from <ip:port>.",
        "KILL <option> <value> [<option> <value> [...]]",
        "    Kill connections. Options are:",
        "    * ADDR (<ip:port>|<unixsocket>:0)",
        "      Kill connections made from the specified address",
        "    * LADDR (<ip:port>|<unixsocket>:0)",
        "      Kill connections made to specified local address",
        "    * TYPE (NORMAL|MASTER|REPLICA|PUBSUB)",
        "      Kill connections by type.",
        "    * USER <username>",
        "      Kill connections authenticated by <username>.",
        "    * SKIPME (YES|NO)",
        "      Skip killing current connection (default: yes).",
        "LIST [options ...]",
        "    Return information about client connections. Options:",
        "    * TYPE (NORMAL|MASTER|REPLICA|PUBSUB)",
        "      Return clients of specified type.",
        "UNPAUSE",
        "    Stop the current client pause, resuming traffic.",
        "PAUSE <timeout> [WRITE|ALL]",
        "    Suspend all, or just write, clients for <timeout> milliseconds.",
        "REPLY (ON|OFF|SKIP)",
        "    Control the replies sent to the current connection.",
        "SETNAME <name>",
        "    Assign the name <name> to the current connection.",
        "UNBLOCK <clientid> [TIMEOUT|ERROR]",
        "    Unblock the specified blocked client.",
        "TRACKING (ON|OFF) [REDIRECT <id>] [BCAST] [PREFIX <prefix> [...]]",
        "         [OPTIN] [OPTOUT] [NOLOOP]",
        "    Control server assisted client side caching.",
        "TRACKINGINFO",
        "    Report tracking status for the current connection.",
        "NO-EVICT (ON|OFF)",
        "    Protect current client connection from eviction.",
        NULL};
    addReplyHelp(c, help);
}

/* Close a client found by CLIENT KILL: the caller itself after this reply,
 * any other at the next safe point. */
static void killClient(client *c, client *target) {
    if (target == c) c->flags |= CLIENT_CLOSE_AFTER_REPLY;
    else freeClientAsync(target);
}

typedef struct clientFilter {
    uint64_t id;        /* 0: any */
    int type;           /* -1: any */
    const char *addr;   /* NULL: any */
    const char *laddr;  /* NULL: any */
    const char *user;   /* NULL: any */
    int skipme;
} clientFilter;

static int clientMatchesFilter(client *cl, clientFilter *f) {
    if (f->id && cl->id != f->id) return 0;
    if (f->type != -1 && getClientType(cl) != f->type) return 0;
    cacheClientAddresses(cl);
    if (f->addr && strcmp(cl->conn_info, f->addr) != 0) return 0;
    if (f->laddr && strcmp(cl->laddr, f->laddr) != 0) return 0;
    /* Every connection is the default user's until ACL users exist. */
    if (f->user && strcmp(f->user, "default") != 0) return 0;
    return 1;
}

/* CLIENT KILL <ip:port>, or CLIENT KILL <filter> <value> [...]. */
void clientKillCommand(client *c) {
    listIter li;
    listNode *ln;
    if (c->argc == 3) {
        /* The old form: one address, +OK or an error. */
        listRewind(server.clients, &li);
        while ((ln = listNext(&li)) != NULL) {
            client *cl = listNodeValue(ln);
            cacheClientAddresses(cl);
            if (strcmp(cl->conn_info, c->argv[2]->ptr) == 0) {
                addReply(c, shared.ok);
                killClient(c, cl);
                return;
            }
        }
        addReplyError(c, "No such client");
        return;
    }
    clientFilter f = {.id = 0, .type = -1, .skipme = 1};
    for (int i = 2; i < c->argc; i += 2) {
        if (i + 1 >= c->argc) {
            addReplyErrorObject(c, shared.syntaxerr);
            return;
        }
        const char *opt = c->argv[i]->ptr;
        robj *val = c->argv[i + 1];
        if (!strcasecmp(opt, "id")) {
            long long id;
            if (getLongLongFromObject(val, &id) != C_OK || id <= 0) {
                addReplyError(c, "client-id should be greater than 0");
                return;
            }
            f.id = (uint64_t)id;
        } else if (!strcasecmp(opt, "type")) {
            f.type = getClientTypeByName(val->ptr);
            if (f.type == -1) {
                addReplyErrorFormat(c, "Unknown client type '%s'", (char *)val->ptr);
                return;
            }
        } else if (!strcasecmp(opt, "addr")) {
            f.addr = val->ptr;
        } else if (!strcasecmp(opt, "laddr")) {
            f.laddr = val->ptr;
        } else if (!strcasecmp(opt, "user")) {
            if (strcmp(val->ptr, "default") != 0) {
                addReplyErrorFormat(c, "No such user '%s'", (char *)val->ptr);
                return;
            }
            f.user = val->ptr;
        } else if (!strcasecmp(opt, "skipme")) {
            if (!strcasecmp(val->ptr, "yes")) f.skipme = 1;
            else if (!strcasecmp(val->ptr, "no")) f.skipme = 0;
            else {
                addReplyErrorObject(c, shared.syntaxerr);
                return;
            }
        } else {
            addReplyErrorObject(c, shared.syntaxerr);
            return;
        }
    }
    long long killed = 0;
    int kill_self = 0;
    listRewind(server.clients, &li);
    while ((ln = listNext(&li)) != NULL) {
        client *cl = listNodeValue(ln);
        if (!clientMatchesFilter(cl, &f)) continue;
        if (cl == c) {
            if (f.skipme) continue;
            kill_self = 1;
        } else {
            killClient(c, cl);
        }
        killed++;
    }
    addReplyLongLong(c, killed);
    if (kill_self) killClient(c, c);
}

/* CLIENT REPLY ON|OFF|SKIP: OFF silences the connection, SKIP only the
 * next command's reply. */
void clientReplyCommand(client *c) {
    const char *mode = c->argv[2]->ptr;
    if (!strcasecmp(mode, "on")) {
        c->flags &= ~(CLIENT_REPLY_SKIP | CLIENT_REPLY_OFF);
        addReply(c, shared.ok);
    } else if (!strcasecmp(mode, "off")) {
        c->flags |= CLIENT_REPLY_OFF;
    } else if (!strcasecmp(mode, "skip")) {
        if (!(c->flags & CLIENT_REPLY_OFF)) c->flags |= CLIENT_REPLY_SKIP_NEXT;
    } else {
        addReplyErrorObject(c, shared.syntaxerr);
    }
}

void clientNoEvictCommand(client *c) {
    const char *mode = c->argv[2]->ptr;
    if (!strcasecmp(mode, "on")) {
        c->flags |= CLIENT_NO_EVICT;
        addReply(c, shared.ok);
    } else if (!strcasecmp(mode, "off")) {
        c->flags &= ~CLIENT_NO_EVICT;
        addReply(c, shared.ok);
    } else {
        addReplyErrorObject(c, shared.syntaxerr);
    }
}

/* Client-side caching is not enabled on any connection yet (CLIENT TRACKING
 * comes with keyspace notifications), so every client reports "off". */
void clientGetredirCommand(client *c) { addReplyLongLong(c, -1); }

void clientTrackinginfoCommand(client *c) {
    addReplyMapLen(c, 3);
    addReplyBulkCString(c, "flags");
    addReplySetLen(c, 1);
    addReplyBulkCString(c, "off");
    addReplyBulkCString(c, "redirect");
    addReplyLongLong(c, -1);
    addReplyBulkCString(c, "prefixes");
    addReplyArrayLen(c, 0);
}

/* CLIENT UNBLOCK <id> [TIMEOUT|ERROR]: end a blocking command's wait as if
 * it timed out, or with an error.  1 if the client was unblocked. */
void clientUnblockCommand(client *c) {
    long long id;
    int error = 0;
    if (getLongLongFromObjectOrReply(c, c->argv[2], &id, NULL) != C_OK) return;
    if (c->argc == 4) {
        if (!strcasecmp(c->argv[3]->ptr, "timeout")) error = 0;
        else if (!strcasecmp(c->argv[3]->ptr, "error")) error = 1;
        else {
            addReplyError(c, "CLIENT UNBLOCK reason should be TIMEOUT or ERROR");
            return;
        }
    }
    client *target = lookupClientByID((uint64_t)id);
    if (target && clientIsUnblockable(target)) {
        unblockClientWithReply(target, error);
        addReply(c, shared.cone);
    } else {
        addReply(c, shared.czero);
    }
}

/* CLIENT PAUSE <ms> [WRITE|ALL] */
void clientPauseCommand(client *c) {
    long long ms;
    pause_type type = CLIENT_PAUSE_ALL;
    if (c->argc == 4) {
        if (!strcasecmp(c->argv[3]->ptr, "write")) type = CLIENT_PAUSE_WRITE;
        else if (!strcasecmp(c->argv[3]->ptr, "all")) type = CLIENT_PAUSE_ALL;
        else {
            addReplyError(c, "CLIENT PAUSE mode must be WRITE or ALL");
            return;
        }
    }
    if (getLongLongFromObjectOrReply(c, c->argv[2], &ms, "timeout is not an integer or out of range") != C_OK)
        return;
    if (ms < 0) {
        addReplyError(c, "timeout is negative");
        return;
    }
    long long end = ms > LLONG_MAX - server.mstime ? LLONG_MAX : server.mstime + ms;
    pauseClients(PAUSE_BY_CLIENT_COMMAND, end, type);
    addReply(c, shared.ok);
}

void clientUnpauseCommand(client *c) {
    unpauseClients(PAUSE_BY_CLIENT_COMMAND);
    addReply(c, shared.ok);
}

client *lookupClientByID(uint64_t id) {
    listIter li;
    listNode *ln;
    listRewind(server.clients, &li);
    while ((ln = listNext(&li)) != NULL) {
        client *cl = listNodeValue(ln);
        if (cl->id == id) return cl;
    }
    return NULL;
}

/* ===========================================================================
 * MONITOR
 * ======================================================================== */

/* MONITOR: from now on the client receives every command the server runs,
 * one status line each.  It becomes a replica-like client that may not touch
 * the keyspace, until RESET or it disconnects. */
void monitorCommand(client *c) {
    /* Inside EXEC (or a script) every command must answer in place. */
    if (c->flags & CLIENT_DENY_BLOCKING) {
        addReplyError(c, "MONITOR isn't allowed for DENY BLOCKING client");
        return;
    }
    if (c->flags & CLIENT_SLAVE) return; /* already a monitor (or a replica): no reply */
    c->flags |= CLIENT_SLAVE | CLIENT_MONITOR;
    listAddNodeTail(server.monitors, c);
    addReply(c, shared.ok);
}

/* Leave MONITOR mode (RESET). */
void clientStopMonitoring(client *c) {
    if (!(c->flags & CLIENT_MONITOR)) return;
    listNode *ln = listSearchKey(server.monitors, c);
    if (ln) listDelNode(server.monitors, ln);
    c->flags &= ~(CLIENT_SLAVE | CLIENT_MONITOR);
}

/* One line per command: +<unix time>.<us> [<db> <origin>] "arg" "arg"... */
void replicationFeedMonitors(client *c, int dictid, robj **argv, int argc) {
    if (!listLength(server.monitors) || server.loading) return;
    char origin[NET_ADDR_STR_LEN + 16];
    if (c->flags & CLIENT_LUA) {
        snprintf(origin, sizeof(origin), "lua");
    } else if (c->flags & CLIENT_UNIX_SOCKET) {
        snprintf(origin, sizeof(origin), "unix:%s", server.unixsocket ? server.unixsocket : "");
    } else {
        cacheClientAddresses(c);
        snprintf(origin, sizeof(origin), "%s", c->conn_info);
    }
    struct timeval tv;
    gettimeofday(&tv, NULL);
    sds line = sdscatprintf(sdsempty(), "+%ld.%06ld [%d %s]", (long)tv.tv_sec, (long)tv.tv_usec, dictid, origin);
    for (int j = 0; j < argc; j++) {
        line = sdscatlen(line, " ", 1);
        if (argv[j]->encoding == OBJ_ENCODING_INT) {
            line = sdscatprintf(line, "\"%ld\"", (long)argv[j]->ptr);
        } else {
            line = sdscatrepr(line, argv[j]->ptr, sdslen(argv[j]->ptr));
        }
    }
    line = sdscatlen(line, "\r\n", 2);
    listIter li;
    listNode *ln;
    listRewind(server.monitors, &li);
    while ((ln = listNext(&li)) != NULL) {
        client *m = listNodeValue(ln);
        addReplyProto(m, line, sdslen(line));
    }
    sdsfree(line);
}


/* ===========================================================================
 * Cron work on clients
 * ======================================================================== */

/* Called by serverCron: a slice of the clients each time so that every
 * client is visited about once per second.  Closes idle clients and gives
 * back the memory of oversized query buffers. */
void clientsCron(void) {
    int numclients = listLength(server.clients);
    int iterations = numclients / server.hz;
    if (iterations < 50) iterations = numclients < 50 ? numclients : 50;
    while (listLength(server.clients) && iterations--) {
        listRotateTailToHead(server.clients);
        client *c = listNodeValue(listFirst(server.clients));
        c->client_list_node = listFirst(server.clients);
        if (c->flags & CLIENT_CLOSE_ASAP) continue;
        if (server.maxidletime && (server.mstime - c->last_interaction_ms) / 1000 > server.maxidletime) {
            serverLog(LL_VERBOSE, "Closing idle client");
            freeClientAsync(c);
            continue;
        }
        /* Shrink a query buffer that is mostly unused. */
        size_t qbsize = sdsalloc(c->querybuf);
        if (qbsize > PROTO_RESIZE_THRESHOLD && c->querybuf_peak < qbsize / 2 &&
            !(c->flags & CLIENT_EXECUTING_COMMAND) && c->bulklen == -1) {
            c->querybuf = sdsRemoveFreeSpace(c->querybuf, 1);
        }
        c->querybuf_peak = sdslen(c->querybuf);
        if (c->bufpos > c->buf_peak) c->buf_peak = c->bufpos;
        long long peak_reset = debugSettings.reply_buffer_peak_reset_time; /* DEBUG REPLYBUFFER */
        if (peak_reset >= 0 && server.mstime - c->buf_peak_last_reset_time >= peak_reset) {
            c->buf_peak = c->bufpos;
            c->buf_peak_last_reset_time = server.mstime;
        }
    }
}
