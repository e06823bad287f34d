/* fuzz_restore.c - libFuzzer target for RESTORE payloads.
 *
 * Input: one mode byte, then a DUMP payload body (the type byte and the
 * value as RDB writes it).  The harness appends the footer (RDB version 10
 * and the right CRC64), so every input reaches the value decoders instead
 * of stopping at the checksum.  The mode byte's low bit picks
 * sanitize-dump-payload:
 *
 *   yes  Redis's contract: nothing malformed is ever stored.  An accepted
 *        value is read back completely and changed with the commands of its
 *        type, DUMPed and RESTOREd again with the same content digest
 *        (fuzzExerciseKey): a planted corrupt value crashes there, or trips
 *        the sanitizers.
 *   no   Only the shallow checks run, so a malformed value may be stored
 *        (as in Redis); RESTORE itself and freeing the value must still be
 *        safe, so the value is deleted without being read.
 *
 * Seeds: corpus-restore/, DUMP payloads of every type and encoding (see
 * make_seeds in tests/fuzz/Makefile's header). */
#include "fuzz_client.h"
#include "crc64.h"
#include "rdb.h"

int LLVMFuzzerInitialize(int *argc, char ***argv) {
    (void)argc;
    fuzzServerInit(argv);
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    if (size < 2) return 0;
    int deep = data[0] & 1;
    server.sanitize_dump_payload = deep ? SANITIZE_DUMP_YES : SANITIZE_DUMP_NO;

    sds payload = sdsnewlen(data + 1, size - 1);
    unsigned char footer[10] = {RDB_VERSION & 0xff, (RDB_VERSION >> 8) & 0xff};
    payload = sdscatlen(payload, footer, 2);
    crc64Store(footer + 2, crc64(0, (unsigned char *)payload, sdslen(payload)));
    payload = sdscatlen(payload, footer + 2, 8);

    const char *argv[] = {"RESTORE", "k", "0", payload, "REPLACE"};
    size_t lens[] = {7, 1, 1, sdslen(payload), 7};
    sds reply = fuzzCall(5, argv, lens);
    if (reply[0] != '+' && strcmp(reply, "-ERR Bad data format\r\n") != 0) {
        fprintf(stderr, "fuzz_restore: unexpected RESTORE reply: %s\n", reply);
        abort();
    }
    if (deep && reply[0] == '+') fuzzExerciseKey("k", 1);
    sdsfree(reply);
    sdsfree(payload);
    fuzzResetData();
    return 0;
}
