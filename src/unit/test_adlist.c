/* Unit tests for adlist.c */
#include "../adlist.h"
#include "../zmalloc.h"
#include "test_help.h"

#include <stdint.h>
#include <string.h>

#define V(n) ((void *)(intptr_t)(n))
#define N(v) ((int)(intptr_t)(v))

/* The list holds 1..n in order? */
static int listIs(list *l, const int *vals, int n) {
    if ((int)listLength(l) != n) return 0;
    listIter it;
    listNode *ln;
    int i = 0;
    listRewind(l, &it);
    while ((ln = listNext(&it)) != NULL)
        if (N(ln->value) != vals[i++]) return 0;
    /* And backwards, to check the prev links. */
    listRewindTail(l, &it);
    while ((ln = listNext(&it)) != NULL)
        if (N(ln->value) != vals[--i]) return 0;
    return i == 0;
}

static void test_add_and_order(void) {
    list *l = listCreate();
    TEST_ASSERT(listLength(l) == 0 && listFirst(l) == NULL && listLast(l) == NULL);
    listAddNodeTail(l, V(2));
    listAddNodeTail(l, V(3));
    listAddNodeHead(l, V(1));
    int want[] = {1, 2, 3};
    TEST_ASSERT(listIs(l, want, 3));
    TEST_ASSERT(N(listIndex(l, 0)->value) == 1);
    TEST_ASSERT(N(listIndex(l, -1)->value) == 3);
    TEST_ASSERT(N(listIndex(l, -3)->value) == 1);
    TEST_ASSERT(listIndex(l, 3) == NULL);
    TEST_ASSERT(listIndex(l, -4) == NULL);
    listRelease(l);
}

static void test_delete_positions(void) {
    list *l = listCreate();
    for (int i = 1; i <= 5; i++) listAddNodeTail(l, V(i));
    listDelNode(l, listIndex(l, 2)); /* middle */
    int a[] = {1, 2, 4, 5};
    TEST_ASSERT(listIs(l, a, 4));
    listDelNode(l, listFirst(l)); /* head */
    int b[] = {2, 4, 5};
    TEST_ASSERT(listIs(l, b, 3));
    listDelNode(l, listLast(l)); /* tail */
    int c[] = {2, 4};
    TEST_ASSERT(listIs(l, c, 2));
    listDelNode(l, listFirst(l));
    listDelNode(l, listFirst(l));
    TEST_ASSERT(listLength(l) == 0 && l->head == NULL && l->tail == NULL);
    listRelease(l);
}

static void test_delete_while_iterating(void) {
    list *l = listCreate();
    for (int i = 0; i < 10; i++) listAddNodeTail(l, V(i));
    listIter it;
    listNode *ln;
    listRewind(l, &it);
    while ((ln = listNext(&it)) != NULL)
        if (N(ln->value) % 2) listDelNode(l, ln);
    int want[] = {0, 2, 4, 6, 8};
    TEST_ASSERT(listIs(l, want, 5));
    listRelease(l);
}

static void test_rotate_and_link(void) {
    list *l = listCreate();
    listRotateHeadToTail(l); /* empty: no-op */
    for (int i = 1; i <= 3; i++) listAddNodeTail(l, V(i));
    listRotateTailToHead(l);
    int a[] = {3, 1, 2};
    TEST_ASSERT(listIs(l, a, 3));
    listRotateHeadToTail(l);
    int b[] = {1, 2, 3};
    TEST_ASSERT(listIs(l, b, 3));
    listNode *n = listFirst(l);
    listUnlinkNode(l, n);
    listLinkNodeTail(l, n);
    int c[] = {2, 3, 1};
    TEST_ASSERT(listIs(l, c, 3));
    listRelease(l);
}

static int matchInt(void *a, void *b) { return N(a) == N(b); }
static void *dupStr(void *p) { return zstrdup(p); }

static void test_search_dup_free(void) {
    size_t before = zmalloc_used_memory();
    list *l = listCreate();
    listSetFreeMethod(l, zfree);
    listSetDupMethod(l, dupStr);
    listAddNodeTail(l, zstrdup("a"));
    listAddNodeTail(l, zstrdup("b"));
    list *copy = listDup(l);
    TEST_ASSERT(listLength(copy) == 2);
    TEST_ASSERT(strcmp(listFirst(copy)->value, "a") == 0);
    TEST_ASSERT(listFirst(copy)->value != listFirst(l)->value); /* deep copy */
    listRelease(copy);
    listRelease(l);
    TEST_ASSERT(zmalloc_used_memory() == before);

    list *m = listCreate();
    listSetMatchMethod(m, matchInt);
    for (int i = 0; i < 5; i++) listAddNodeTail(m, V(i * 10));
    TEST_ASSERT(listSearchKey(m, V(30)) == listIndex(m, 3));
    TEST_ASSERT(listSearchKey(m, V(31)) == NULL);
    listEmpty(m);
    TEST_ASSERT(listLength(m) == 0 && listFirst(m) == NULL);
    listRelease(m);
}

int main(void) {
    RUN_TEST(test_add_and_order);
    RUN_TEST(test_delete_positions);
    RUN_TEST(test_delete_while_iterating);
    RUN_TEST(test_rotate_and_link);
    RUN_TEST(test_search_dup_free);
    return TEST_REPORT();
}
