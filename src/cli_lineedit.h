/* cli_lineedit.h - a small line editor for the redis-cli prompt.
 *
 * Raw-mode termios editing of one line (which may wrap over several rows):
 * cursor moves, deletions, history, reverse search, TAB completion cycling
 * and a grey hint after the text.  When stdin is not a terminal it simply
 * reads lines. */

#ifndef CLI_LINEEDIT_H
#define CLI_LINEEDIT_H

#include "sds.h"

/* Fill *out with count candidate lines (sds, freed by the editor). */
typedef void leCompletionFn(const char *buf, sds **out, int *count);
/* Return an sds hint shown after the text, or NULL. */
typedef char *leHintFn(const char *buf);

void leSetCompletion(leCompletionFn *fn);
void leSetHints(leHintFn *fn);
/* Read a line.  Returns an sds (caller frees) or NULL on EOF, Ctrl-C or
 * Ctrl-D on an empty line. */
sds leReadLine(const char *prompt);
void leHistoryAdd(const char *line);
int leHistoryLoad(const char *path);
int leHistorySave(const char *path);
void leClearScreen(void);
/* Read a password with every typed character shown as '*'. */
sds leReadMasked(const char *prompt);

#endif
