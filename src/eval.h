/* eval.h - EVAL, EVALSHA, their _RO forms and SCRIPT: Lua scripts named by
 * the SHA1 of their body, kept in a script cache (one Lua state for all of
 * them, rebuilt by SCRIPT FLUSH). */
#ifndef EVAL_H
#define EVAL_H

#include "server.h"

/* Create the Lua state and the script engine's client (server start-up). */
void evalInit(void);

/* The command flags processCommand should check for an EVAL* command: a
 * cached script with a shebang declares what it does (script.h's
 * scriptFlagsToCmdFlags); any other command keeps cmd_flags. */
uint64_t evalGetCommandFlags(client *c, uint64_t cmd_flags);

/* INFO memory. */
size_t evalMemoryLua(void);       /* used_memory_lua / used_memory_vm_eval */
size_t evalScriptsMemory(void);   /* used_memory_scripts_eval */
unsigned long evalScriptsCount(void); /* number_of_cached_scripts */

void evalCommand(client *c);
void evalRoCommand(client *c);
void evalshaCommand(client *c);
void evalshaRoCommand(client *c);
void scriptDebugCommand(client *c);
void scriptExistsCommand(client *c);
void scriptFlushCommand(client *c);
void scriptHelpCommand(client *c);
void scriptKillCommand(client *c);
void scriptLoadCommand(client *c);

#endif
