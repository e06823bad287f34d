/* t_zset.c - placeholder until the type lands (issue 4). */
#include "t_zset.h"

void freeZsetObject(robj *o) { (void)o; }
robj *zsetTypeDup(robj *o) { (void)o; serverPanic("zset type not built yet"); }
void zsetTypeDigest(robj *o, unsigned char *digest) { (void)o; (void)digest; }
unsigned long zsetTypeScan(robj *o, unsigned long cursor, long count, scanCollector *sc) { (void)o; (void)count; (void)sc; return cursor; }
