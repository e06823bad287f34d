/* fuzz_rdbload.c - libFuzzer target for loading RDB files.
 *
 * Input: one mode byte, then an RDB image, loaded from memory
 * (rdbLoadFromBuffer: the file loader's code, reading through a buffer rio,
 * never exiting).  The mode byte's low bit picks sanitize-dump-payload,
 * which decides how deeply values are validated while loading:
 *
 *   yes  every key loaded is read back, changed, DUMPed and RESTOREd with
 *        the same content digest (fuzzExerciseKey), in every database;
 *   no   the keys are only freed (a shallowly checked value may be
 *        malformed, as in Redis).
 *
 * Loading stops at the first error (a truncated image, a corrupt value, a
 * bad checksum at the end); the keys loaded before it stay and are
 * exercised all the same.  Duplicated keys replace each other (the file
 * loader would panic, deliberately).
 *
 * Seeds: corpus-rdbload/, small RDB files of every type written by Redis
 * 7.0.15 and by us. */
#include "fuzz_client.h"
#include "rdb.h"

int LLVMFuzzerInitialize(int *argc, char ***argv) {
    (void)argc;
    fuzzServerInit(argv);
    return 0;
}

/* The keys of a database, copied (exercising a key may delete others). */
static list *databaseKeys(redisDb *db) {
    list *keys = listCreate();
    dictIterator di;
    dictInitIterator(&di, db->keys);
    robj *o;
    while ((o = dictNext(&di)) != NULL) listAddNodeTail(keys, sdsdup(objectGetKey(o)));
    dictResetIterator(&di);
    return keys;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    if (size < 1) return 0;
    int deep = data[0] & 1;
    server.sanitize_dump_payload = deep ? SANITIZE_DUMP_YES : SANITIZE_DUMP_NO;
    rdbLoadFromBuffer(data + 1, size - 1, RDBFLAGS_ALLOW_DUP);

    if (deep) {
        for (int j = 0; j < server.dbnum; j++) {
            if (dictSize(server.db[j].keys) == 0) continue;
            char dbid[16];
            snprintf(dbid, sizeof(dbid), "%d", j);
            fuzzRun(2, "SELECT", dbid);
            list *keys = databaseKeys(server.db + j);
            listIter li;
            listNode *ln;
            listRewind(keys, &li);
            while ((ln = listNext(&li)) != NULL) {
                sds key = listNodeValue(ln);
                fuzzExerciseKey(key, sdslen(key));
                sdsfree(key);
            }
            listRelease(keys);
        }
        fuzzRun(2, "SELECT", "0");
    }
    fuzzResetData();
    return 0;
}
