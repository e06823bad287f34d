/* t_list.c - placeholder until the type lands (issue 4). */
#include "t_list.h"

robj *createQuicklistObject(void) { serverPanic("list type not built yet"); }
void freeListObject(robj *o) { (void)o; }
robj *listTypeDup(robj *o) { (void)o; serverPanic("list type not built yet"); }
void listTypeDigest(robj *o, unsigned char *digest) { (void)o; (void)digest; }
