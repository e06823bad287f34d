/* cli_commands.h - commands.def compiled into redis-cli (cli_commands.c). */

#ifndef CLI_COMMANDS_H
#define CLI_COMMANDS_H

#include "cli_resp.h"

/* The reply COMMAND DOCS would give, built from commands.def. */
cliReply *cliOfflineCommandDocs(void);

#endif
