/* adlist.h - a generic doubly linked list.
 *
 * Used for the client list, reply chains and other short-lived queues.  The
 * list owns its nodes; values are owned by the caller unless a free method is
 * set, in which case listRelease/listDelNode release them too. */
#ifndef ADLIST_H
#define ADLIST_H

typedef struct listNode {
    struct listNode *prev;
    struct listNode *next;
    void *value;
} listNode;

typedef struct listIter {
    listNode *next;
    int direction;
} listIter;

typedef struct list {
    listNode *head;
    listNode *tail;
    void *(*dup)(void *ptr);
    void (*free)(void *ptr);
    int (*match)(void *ptr, void *key);
    unsigned long len;
} list;

#define listLength(l) ((l)->len)
#define listFirst(l) ((l)->head)
#define listLast(l) ((l)->tail)
#define listPrevNode(n) ((n)->prev)
#define listNextNode(n) ((n)->next)
#define listNodeValue(n) ((n)->value)
#define listSetDupMethod(l, m) ((l)->dup = (m))
#define listSetFreeMethod(l, m) ((l)->free = (m))
#define listSetMatchMethod(l, m) ((l)->match = (m))

#define AL_START_HEAD 0
#define AL_START_TAIL 1

list *listCreate(void);
void listRelease(list *list);
void listEmpty(list *list);
list *listAddNodeHead(list *list, void *value);
list *listAddNodeTail(list *list, void *value);
void listLinkNodeTail(list *list, listNode *node);
void listUnlinkNode(list *list, listNode *node);
void listDelNode(list *list, listNode *node);
listIter *listGetIterator(list *list, int direction);
void listReleaseIterator(listIter *iter);
listNode *listNext(listIter *iter);
void listRewind(list *list, listIter *li);
void listRewindTail(list *list, listIter *li);
listNode *listSearchKey(list *list, void *key);
listNode *listIndex(list *list, long index);
void listRotateTailToHead(list *list);
void listRotateHeadToTail(list *list);
list *listDup(list *orig);

#endif
