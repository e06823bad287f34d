/* proc.h - the server as an operating-system process (see proc.c). */
#ifndef PROC_H
#define PROC_H

#include "sds.h"

/* supervised */
#define SUPERVISED_NONE 0
#define SUPERVISED_AUTODETECT 1
#define SUPERVISED_SYSTEMD 2
#define SUPERVISED_UPSTART 3

/* oom-score-adj */
#define OOM_SCORE_ADJ_NO 0
#define OOM_SCORE_ADJ_RELATIVE 1
#define OOM_SCORE_ADJ_ABSOLUTE 2

/* Roles, indexes into oom-score-adj-values. */
#define CONFIG_OOM_MASTER 0
#define CONFIG_OOM_REPLICA 1
#define CONFIG_OOM_BGCHILD 2
#define CONFIG_OOM_COUNT 3

void supervisedInit(int configured);
int supervisedMode(void);
void supervisedReady(void);
int redisCommunicateSystemd(const char *msg);

void procTitleInit(int argc, char **argv);
sds expandProcTitleTemplate(const char *template, const char *title);
int redisSetProcTitle(const char *title);

int setOOMScoreAdj(int role);

#endif
