/* cli_output.h - how redis-cli prints a reply: the human (TTY) form with
 * "(integer)", "(nil)" and numbered nested aggregates, the raw form, CSV and
 * JSON.  Pure functions from a cliReply to an sds. */

#ifndef CLI_OUTPUT_H
#define CLI_OUTPUT_H

#include "cli_resp.h"

enum {
    CLI_OUTPUT_STANDARD = 0,
    CLI_OUTPUT_RAW,
    CLI_OUTPUT_CSV,
    CLI_OUTPUT_JSON,
    CLI_OUTPUT_QUOTED_JSON
};

sds cliFormatTTY(sds out, const cliReply *r, const char *prefix);
/* mb_delim separates the elements of an aggregate. */
sds cliFormatRaw(sds out, const cliReply *r, const char *mb_delim);
sds cliFormatCSV(sds out, const cliReply *r);
sds cliFormatJSON(sds out, const cliReply *r, int quoted);
/* A JSON string literal of p (used by --json and the --bigkeys summary). */
sds cliJsonString(sds out, const char *p, size_t len, int quoted);

/* The whole reply as the given mode prints it, with its trailing newline
 * (or cmd_delim in raw mode). */
sds cliFormatReply(const cliReply *r, int mode, int raw_strings,
                   const char *mb_delim, const char *cmd_delim);

#endif
