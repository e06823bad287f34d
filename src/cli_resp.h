/* cli_resp.h - the redis-cli side of the wire: a blocking connection to a
 * server (TCP or unix socket) and an incremental RESP2/RESP3 reply reader.
 *
 * The reader builds a tree of cliReply nodes.  It is resumable: bytes are
 * appended to the connection's input buffer as they arrive, and
 * cliReaderParse() consumes only complete items, keeping partially built
 * aggregates on a small stack between calls, so a huge reply costs one pass
 * over its bytes whatever the read sizes.  Nothing here knows about output
 * formats or command line options. */

#ifndef CLI_RESP_H
#define CLI_RESP_H

#include <stddef.h>
#include "sds.h"

/* Reply types.  Aggregates (ARRAY, MAP, SET, PUSH) have elements; a MAP
 * stores its keys and values flat, key at even and value at odd index. */
enum {
    CLI_REPLY_STRING = 1,
    CLI_REPLY_ARRAY,
    CLI_REPLY_INTEGER,
    CLI_REPLY_NIL,
    CLI_REPLY_STATUS,
    CLI_REPLY_ERROR,
    CLI_REPLY_DOUBLE,
    CLI_REPLY_BOOL,
    CLI_REPLY_MAP,
    CLI_REPLY_SET,
    CLI_REPLY_PUSH,
    CLI_REPLY_BIGNUM,
    CLI_REPLY_VERB
};

typedef struct cliReply {
    int type;
    long long integer;          /* INTEGER, BOOL (0/1) */
    sds str;                    /* STRING STATUS ERROR DOUBLE BIGNUM VERB */
    char vtype[4];              /* VERB: the 3 letter format, e.g. "txt" */
    size_t elements;
    struct cliReply **element;
} cliReply;

void cliReplyFree(cliReply *r);
int cliReplyIsAggregate(const cliReply *r);

#define CLI_READER_MAX_DEPTH 16

/* Parse state kept between calls: the aggregates being filled. */
typedef struct cliReader {
    sds buf;                    /* unconsumed input starts at buf + pos */
    size_t pos;
    int depth;
    cliReply *stack[CLI_READER_MAX_DEPTH];
    size_t want[CLI_READER_MAX_DEPTH]; /* elements the aggregate expects */
    int skip_attr[CLI_READER_MAX_DEPTH]; /* level is an attribute to drop */
    char err[128];
} cliReader;

void cliReaderInit(cliReader *rd);
void cliReaderReset(cliReader *rd);
void cliReaderFeed(cliReader *rd, const char *p, size_t len);
/* CLI_OK with *out set when a whole reply was parsed, CLI_AGAIN when more
 * input is needed, CLI_ERR on a protocol error (message in rd->err). */
int cliReaderParse(cliReader *rd, cliReply **out);

#define CLI_OK 0
#define CLI_ERR -1
#define CLI_AGAIN 1

/* A blocking connection. */
typedef struct cliConn {
    int fd;
    cliReader rd;
    char err[256];
} cliConn;

/* Connect to host:port, or to the unix socket path when sock is not NULL.
 * Returns NULL and fills err (the text after "Could not connect to Redis at
 * ...: ") on failure. */
cliConn *cliConnect(const char *host, int port, const char *sock,
                    char *err, size_t errlen);
void cliConnClose(cliConn *c);
/* Append a command in RESP multibulk form to an sds buffer. */
sds cliFormatCommand(sds out, int argc, char **argv, size_t *argvlen);
int cliConnWrite(cliConn *c, const char *p, size_t len);
int cliConnSendArgv(cliConn *c, int argc, char **argv, size_t *argvlen);
/* Block until one reply is read.  NULL on I/O or protocol error (c->err). */
cliReply *cliConnReadReply(cliConn *c);
/* Send and read one reply; printf-like argument list of C strings. */
cliReply *cliConnCommand(cliConn *c, int argc, ...);
cliReply *cliConnCommandArgv(cliConn *c, int argc, char **argv, size_t *argvlen);

#endif
