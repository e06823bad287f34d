/* cli_common.h - state shared by the redis-cli modules: the parsed command
 * line (cliConfig) and the connection helpers that every mode uses.
 *
 * redis-cli.c owns the options, the connection and the one-shot and
 * interactive loops; cli_tools.c the special modes (--pipe, --scan, --stat,
 * latency, key sampling, --rdb, --replica); cli_help.c the command docs
 * behind HELP, hints and completion; cli_lineedit.c the line editor. */

#ifndef CLI_COMMON_H
#define CLI_COMMON_H

#include "cli_output.h"
#include "cli_resp.h"

#define CLI_VERSION "7.0.15"

typedef struct cliConfig {
    char *hostip;
    int hostport;
    char *hostsocket;
    char *user;
    char *auth;
    int askpass;
    int no_auth_warning;
    int dbnum;              /* the db the session is in */
    int input_dbnum;        /* the db asked for with -n / -u / SELECT */
    int resp2;              /* -2 given */
    int resp3;              /* 0 unset, 1 by -3, 2 implied by --json */
    long repeat;
    long long interval;     /* microseconds between repeats */
    int interactive;
    int shutdown;
    int monitor_mode;
    int pubsub_mode;
    int slave_mode;
    int latency_mode;
    int latency_dist_mode;
    int latency_history;
    int lru_test_mode;
    long long lru_test_sample_size;
    int cluster_mode;
    int cluster_reissue_command;
    int cluster_send_asking;
    int pipe_mode;
    int pipe_timeout;
    int getrdb_mode;
    int get_functions_rdb_mode;
    char *rdb_filename;
    int stat_mode;
    int scan_mode;
    int count;              /* --count for --scan */
    sds pattern;
    int intrinsic_latency_mode;
    int intrinsic_latency_duration;
    int bigkeys;
    int memkeys;
    unsigned memkeys_samples;
    int hotkeys;
    int stdin_lastarg;      /* -x */
    int stdin_tag_arg;      /* -X */
    char *stdin_tag_name;
    int output;             /* CLI_OUTPUT_* */
    int push_output;
    sds mb_delim;
    sds cmd_delim;
    char *eval;
    int eval_ldb;
    int eval_ldb_sync;
    int eval_ldb_end;
    int enable_ldb_on_eval;
    int last_cmd_type;
    int verbose;
    int set_errcode;
    int in_multi;
    int pre_multi_dbnum;
    int quoted_input;
    int hints;              /* :set hints */
    char prompt[128];
} cliConfig;

extern cliConfig config;
extern cliConn *context;    /* NULL when not connected */

/* Connect (again when force is set), authenticate, select the db and switch
 * protocol.  Prints "Could not connect..." on failure. */
#define CC_FORCE (1 << 0)
#define CC_QUIET (1 << 1)
int cliConnectServer(int flags);
/* Send a command on the main connection and read its reply; exits with
 * "Error: ..." on an I/O error as the tools expect. */
cliReply *cliCommandOrExit(int argc, char **argv);
cliReply *cliCommandFmt(int argc, ...);
void cliPrintContextError(void);

/* cli_tools.c */
void cliLatencyMode(void);
void cliLatencyDistMode(void);
void cliIntrinsicLatencyMode(void);
void cliPipeMode(void);
void cliScanMode(void);
void cliStatMode(void);
void cliFindBigKeys(int memkeys, unsigned memkeys_samples);
void cliFindHotKeys(void);
void cliSlaveMode(int send_sync);
void cliGetRDB(void);
void cliLRUTestMode(void);

/* cli_help.c */
void cliInitHelp(void);
void cliOutputHelp(int argc, char **argv);
char *cliHintFor(const char *buf);
void cliCompletionsFor(const char *buf, sds **out, int *count);

#endif
