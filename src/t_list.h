/* t_list.h - the list type: a quicklist of listpacks.
 *
 * A list value is an robj of type OBJ_LIST, encoding OBJ_ENCODING_QUICKLIST,
 * whose ptr is a quicklist (quicklist.h) built with the server's
 * list-max-listpack-size and list-compress-depth. */
#ifndef T_LIST_H
#define T_LIST_H

#include "server.h"

robj *createQuicklistObject(void);
void freeListObject(robj *o);
robj *listTypeDup(robj *o);
/* Mix the elements, in order, into a DEBUG DIGEST (debug.h). */
void listTypeDigest(robj *o, unsigned char *digest);

#endif
