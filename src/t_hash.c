/* t_hash.c - placeholder until the type lands (issue 4). */
#include "t_hash.h"

void freeHashObject(robj *o) { (void)o; }
robj *hashTypeDup(robj *o) { (void)o; serverPanic("hash type not built yet"); }
void hashTypeDigest(robj *o, unsigned char *digest) { (void)o; (void)digest; }
unsigned long hashTypeScan(robj *o, unsigned long cursor, long count, scanCollector *sc) { (void)o; (void)count; (void)sc; return cursor; }
