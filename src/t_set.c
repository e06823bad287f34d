/* t_set.c - placeholder until the type lands (issue 4). */
#include "t_set.h"

void freeSetObject(robj *o) { (void)o; }
robj *setTypeDup(robj *o) { (void)o; serverPanic("set type not built yet"); }
void setTypeDigest(robj *o, unsigned char *digest) { (void)o; (void)digest; }
unsigned long setTypeScan(robj *o, unsigned long cursor, long count, scanCollector *sc) { (void)o; (void)count; (void)sc; return cursor; }
