/* cli_resp.c - blocking connection and incremental RESP2/RESP3 reader for
 * redis-cli.  See cli_resp.h for the idea of the resumable reader. */

#include <errno.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include "cli_resp.h"
#include "util.h"
#include "zmalloc.h"

/* ------------------------------------------------------------ reply tree */

void cliReplyFree(cliReply *r) {
    if (!r) return;
    for (size_t i = 0; i < r->elements; i++) cliReplyFree(r->element[i]);
    zfree(r->element);
    sdsfree(r->str);
    zfree(r);
}

int cliReplyIsAggregate(const cliReply *r) {
    return r->type == CLI_REPLY_ARRAY || r->type == CLI_REPLY_MAP ||
           r->type == CLI_REPLY_SET || r->type == CLI_REPLY_PUSH;
}

static cliReply *replyNew(int type) {
    cliReply *r = zcalloc(sizeof(*r));
    r->type = type;
    return r;
}

/* ---------------------------------------------------------------- reader */

void cliReaderInit(cliReader *rd) {
    memset(rd, 0, sizeof(*rd));
    rd->buf = sdsempty();
}

/* Drop any partial reply and unread input (after an error or reconnect). */
void cliReaderReset(cliReader *rd) {
    for (int i = 0; i < rd->depth; i++) {
        /* Only the bottom of the stack owns the partial tree: upper levels
         * are already linked into their parent's element array. */
        if (i == 0) cliReplyFree(rd->stack[0]);
    }
    rd->depth = 0;
    sdsclear(rd->buf);
    rd->pos = 0;
    rd->err[0] = '\0';
}

void cliReaderFeed(cliReader *rd, const char *p, size_t len) {
    /* Reclaim the consumed prefix once it dominates the buffer. */
    if (rd->pos > 65536 && rd->pos * 2 > sdslen(rd->buf)) {
        sdsrange(rd->buf, (ssize_t)rd->pos, -1);
        rd->pos = 0;
    }
    rd->buf = sdscatlen(rd->buf, p, len);
}

/* Place a finished item in the aggregate on top of the stack, closing every
 * aggregate it completes.  Returns the whole reply when the outermost one is
 * done, NULL otherwise. */
static cliReply *readerAttach(cliReader *rd, cliReply *item) {
    while (1) {
        if (rd->depth == 0) return item;
        int top = rd->depth - 1;
        cliReply *agg = rd->stack[top];
        if (item) {
            agg->element[agg->elements++] = item;
        }
        if (agg->elements < rd->want[top]) return NULL;
        /* The aggregate is complete: pop it and attach it one level up.
         * An attribute is metadata about the reply that follows: drop it. */
        rd->depth--;
        if (rd->skip_attr[top]) {
            if (rd->depth > 0) {
                /* It was linked into its parent: unlink it. */
                cliReply *parent = rd->stack[rd->depth - 1];
                parent->elements--;
            }
            cliReplyFree(agg);
            return NULL;
        }
        if (rd->depth > 0) {
            /* Already linked into the parent when it was opened. */
            item = NULL;
            continue;
        }
        return agg;
    }
}

static int readerError(cliReader *rd, const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(rd->err, sizeof(rd->err), fmt, ap);
    va_end(ap);
    return CLI_ERR;
}

int cliReaderParse(cliReader *rd, cliReply **out) {
    *out = NULL;
    while (1) {
        char *start = rd->buf + rd->pos;
        size_t avail = sdslen(rd->buf) - rd->pos;
        if (avail < 3) return CLI_AGAIN;
        char *eol = memchr(start, '\r', avail);
        while (eol && (size_t)(eol - start) + 1 < avail && eol[1] != '\n')
            eol = memchr(eol + 1, '\r', avail - (size_t)(eol + 1 - start));
        if (!eol || (size_t)(eol - start) + 1 >= avail) return CLI_AGAIN;
        char *line = start + 1;
        size_t linelen = (size_t)(eol - line);
        size_t consumed = linelen + 3; /* type byte, line, CRLF */
        cliReply *item = NULL;
        long long n = 0;
        char t = start[0];

        switch (t) {
        case '+': case '-': case ',': case '(':
            item = replyNew(t == '+' ? CLI_REPLY_STATUS :
                            t == '-' ? CLI_REPLY_ERROR :
                            t == ',' ? CLI_REPLY_DOUBLE : CLI_REPLY_BIGNUM);
            item->str = sdsnewlen(line, linelen);
            break;
        case ':':
            if (!string2ll(line, linelen, &n))
                return readerError(rd, "Bad integer value");
            item = replyNew(CLI_REPLY_INTEGER);
            item->integer = n;
            break;
        case '#':
            if (linelen != 1 || (line[0] != 't' && line[0] != 'f'))
                return readerError(rd, "Bad bool value");
            item = replyNew(CLI_REPLY_BOOL);
            item->integer = line[0] == 't';
            break;
        case '_':
            item = replyNew(CLI_REPLY_NIL);
            break;
        case '$': case '=': case '!': {
            if (!string2ll(line, linelen, &n) || n < -1)
                return readerError(rd, "Bad bulk string length");
            if (n == -1) {
                item = replyNew(CLI_REPLY_NIL);
                break;
            }
            if (avail < consumed + (size_t)n + 2) return CLI_AGAIN;
            const char *data = start + consumed;
            consumed += (size_t)n + 2;
            if (t == '=') {
                item = replyNew(CLI_REPLY_VERB);
                if (n >= 4 && data[3] == ':') {
                    memcpy(item->vtype, data, 3);
                    data += 4;
                    n -= 4;
                }
            } else {
                item = replyNew(t == '$' ? CLI_REPLY_STRING : CLI_REPLY_ERROR);
            }
            item->str = sdsnewlen(data, (size_t)n);
            break;
        }
        case '*': case '%': case '~': case '>': case '|': {
            if (!string2ll(line, linelen, &n) || n < -1)
                return readerError(rd, "Bad multi-bulk length");
            if (n == -1) {
                item = replyNew(CLI_REPLY_NIL);
                break;
            }
            int type = t == '*' ? CLI_REPLY_ARRAY : t == '~' ? CLI_REPLY_SET :
                       t == '>' ? CLI_REPLY_PUSH : CLI_REPLY_MAP;
            if (t == '%' || t == '|') n *= 2;
            item = replyNew(type);
            if (n == 0) {
                if (t == '|') {
                    /* An empty attribute: nothing to deliver. */
                    cliReplyFree(item);
                    rd->pos += consumed;
                    continue;
                }
                break;
            }
            if (rd->depth == CLI_READER_MAX_DEPTH)
                return readerError(rd, "No support for nested multi bulk replies with depth > %d",
                                   CLI_READER_MAX_DEPTH);
            item->element = zmalloc(sizeof(cliReply *) * (size_t)n);
            /* Link it into its parent now, so that only the bottom of the
             * stack owns the partial tree. */
            if (rd->depth > 0) {
                cliReply *parent = rd->stack[rd->depth - 1];
                parent->element[parent->elements++] = item;
            }
            rd->stack[rd->depth] = item;
            rd->want[rd->depth] = (size_t)n;
            rd->skip_attr[rd->depth] = t == '|';
            rd->depth++;
            rd->pos += consumed;
            continue;
        }
        default:
            return readerError(rd, "Protocol error, got \"%c\" as reply type byte", t);
        }
        rd->pos += consumed;
        cliReply *done = readerAttach(rd, item);
        if (done) {
            if (rd->pos == sdslen(rd->buf)) {
                sdsclear(rd->buf);
                rd->pos = 0;
            }
            *out = done;
            return CLI_OK;
        }
    }
}

/* ------------------------------------------------------------ connection */

static int connectTcp(const char *host, int port, char *err, size_t errlen) {
    struct addrinfo hints, *res, *ai;
    char portstr[16];
    snprintf(portstr, sizeof(portstr), "%d", port);
    memset(&hints, 0, sizeof(hints));
    hints.ai_family = AF_UNSPEC;
    hints.ai_socktype = SOCK_STREAM;
    int rv = getaddrinfo(host, portstr, &hints, &res);
    if (rv != 0) {
        snprintf(err, errlen, "%s", gai_strerror(rv));
        return -1;
    }
    int fd = -1, lasterr = 0;
    for (ai = res; ai; ai = ai->ai_next) {
        fd = socket(ai->ai_family, ai->ai_socktype, ai->ai_protocol);
        if (fd == -1) { lasterr = errno; continue; }
        if (connect(fd, ai->ai_addr, ai->ai_addrlen) == 0) break;
        lasterr = errno;
        close(fd);
        fd = -1;
    }
    freeaddrinfo(res);
    if (fd == -1) {
        snprintf(err, errlen, "%s", strerror(lasterr));
        return -1;
    }
    int yes = 1;
    setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &yes, sizeof(yes));
    setsockopt(fd, SOL_SOCKET, SO_KEEPALIVE, &yes, sizeof(yes));
    return fd;
}

static int connectUnix(const char *path, char *err, size_t errlen) {
    struct sockaddr_un sa;
    int fd = socket(AF_UNIX, SOCK_STREAM, 0);
    if (fd == -1) {
        snprintf(err, errlen, "%s", strerror(errno));
        return -1;
    }
    memset(&sa, 0, sizeof(sa));
    sa.sun_family = AF_UNIX;
    snprintf(sa.sun_path, sizeof(sa.sun_path), "%s", path);
    if (connect(fd, (struct sockaddr *)&sa, sizeof(sa)) == -1) {
        snprintf(err, errlen, "%s", strerror(errno));
        close(fd);
        return -1;
    }
    return fd;
}

cliConn *cliConnect(const char *host, int port, const char *sock,
                    char *err, size_t errlen) {
    int fd = sock ? connectUnix(sock, err, errlen)
                  : connectTcp(host, port, err, errlen);
    if (fd == -1) return NULL;
    cliConn *c = zcalloc(sizeof(*c));
    c->fd = fd;
    cliReaderInit(&c->rd);
    return c;
}

void cliConnClose(cliConn *c) {
    if (!c) return;
    close(c->fd);
    cliReaderReset(&c->rd);
    sdsfree(c->rd.buf);
    zfree(c);
}

sds cliFormatCommand(sds out, int argc, char **argv, size_t *argvlen) {
    out = sdscatfmt(out, "*%i\r\n", argc);
    for (int i = 0; i < argc; i++) {
        size_t len = argvlen ? argvlen[i] : strlen(argv[i]);
        out = sdscatfmt(out, "$%U\r\n", (unsigned long long)len);
        out = sdscatlen(out, argv[i], len);
        out = sdscatlen(out, "\r\n", 2);
    }
    return out;
}

int cliConnWrite(cliConn *c, const char *p, size_t len) {
    while (len) {
        ssize_t n = write(c->fd, p, len);
        if (n == -1) {
            if (errno == EINTR) continue;
            snprintf(c->err, sizeof(c->err), "%s", strerror(errno));
            return CLI_ERR;
        }
        p += n;
        len -= (size_t)n;
    }
    return CLI_OK;
}

int cliConnSendArgv(cliConn *c, int argc, char **argv, size_t *argvlen) {
    sds cmd = cliFormatCommand(sdsempty(), argc, argv, argvlen);
    int rv = cliConnWrite(c, cmd, sdslen(cmd));
    sdsfree(cmd);
    return rv;
}

cliReply *cliConnReadReply(cliConn *c) {
    cliReply *r;
    char buf[16384];
    while (1) {
        int rv = cliReaderParse(&c->rd, &r);
        if (rv == CLI_OK) return r;
        if (rv == CLI_ERR) {
            snprintf(c->err, sizeof(c->err), "%s", c->rd.err);
            return NULL;
        }
        ssize_t n = read(c->fd, buf, sizeof(buf));
        if (n == -1 && errno == EINTR) continue;
        if (n <= 0) {
            if (n == 0) snprintf(c->err, sizeof(c->err), "Server closed the connection");
            else snprintf(c->err, sizeof(c->err), "%s", strerror(errno));
            return NULL;
        }
        cliReaderFeed(&c->rd, buf, (size_t)n);
    }
}

cliReply *cliConnCommandArgv(cliConn *c, int argc, char **argv, size_t *argvlen) {
    if (cliConnSendArgv(c, argc, argv, argvlen) != CLI_OK) return NULL;
    return cliConnReadReply(c);
}

cliReply *cliConnCommand(cliConn *c, int argc, ...) {
    char *argv[16];
    va_list ap;
    if (argc > 16) return NULL;
    va_start(ap, argc);
    for (int i = 0; i < argc; i++) argv[i] = va_arg(ap, char *);
    va_end(ap);
    return cliConnCommandArgv(c, argc, argv, NULL);
}
