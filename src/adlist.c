/* adlist.c - doubly linked list. See adlist.h. */
#include "adlist.h"
#include "zmalloc.h"

list *listCreate(void) {
    list *l = zmalloc(sizeof(*l));
    l->head = l->tail = NULL;
    l->len = 0;
    l->dup = NULL;
    l->free = NULL;
    l->match = NULL;
    return l;
}

void listEmpty(list *l) {
    listNode *n = l->head;
    while (n) {
        listNode *next = n->next;
        if (l->free) l->free(n->value);
        zfree(n);
        n = next;
    }
    l->head = l->tail = NULL;
    l->len = 0;
}

void listRelease(list *l) {
    if (!l) return;
    listEmpty(l);
    zfree(l);
}

list *listAddNodeHead(list *l, void *value) {
    listNode *n = zmalloc(sizeof(*n));
    n->value = value;
    n->prev = NULL;
    n->next = l->head;
    if (l->head) l->head->prev = n;
    else l->tail = n;
    l->head = n;
    l->len++;
    return l;
}

void listLinkNodeTail(list *l, listNode *n) {
    n->next = NULL;
    n->prev = l->tail;
    if (l->tail) l->tail->next = n;
    else l->head = n;
    l->tail = n;
    l->len++;
}

list *listAddNodeTail(list *l, void *value) {
    listNode *n = zmalloc(sizeof(*n));
    n->value = value;
    listLinkNodeTail(l, n);
    return l;
}

void listUnlinkNode(list *l, listNode *n) {
    if (n->prev) n->prev->next = n->next;
    else l->head = n->next;
    if (n->next) n->next->prev = n->prev;
    else l->tail = n->prev;
    n->next = n->prev = NULL;
    l->len--;
}

void listDelNode(list *l, listNode *n) {
    listUnlinkNode(l, n);
    if (l->free) l->free(n->value);
    zfree(n);
}

listIter *listGetIterator(list *l, int direction) {
    listIter *it = zmalloc(sizeof(*it));
    if (direction == AL_START_HEAD) listRewind(l, it);
    else listRewindTail(l, it);
    return it;
}

void listReleaseIterator(listIter *it) { zfree(it); }

void listRewind(list *l, listIter *it) {
    it->next = l->head;
    it->direction = AL_START_HEAD;
}

void listRewindTail(list *l, listIter *it) {
    it->next = l->tail;
    it->direction = AL_START_TAIL;
}

/* The returned node may be deleted by the caller before the next call. */
listNode *listNext(listIter *it) {
    listNode *cur = it->next;
    if (cur) it->next = (it->direction == AL_START_HEAD) ? cur->next : cur->prev;
    return cur;
}

listNode *listSearchKey(list *l, void *key) {
    for (listNode *n = l->head; n; n = n->next) {
        if (l->match ? l->match(n->value, key) : n->value == key) return n;
    }
    return NULL;
}

/* Index 0 is the head, -1 the tail; NULL when out of range. */
listNode *listIndex(list *l, long index) {
    listNode *n;
    if (index < 0) {
        index = -index - 1;
        n = l->tail;
        while (index-- && n) n = n->prev;
    } else {
        n = l->head;
        while (index-- && n) n = n->next;
    }
    return n;
}

void listRotateTailToHead(list *l) {
    if (l->len <= 1) return;
    listNode *t = l->tail;
    l->tail = t->prev;
    l->tail->next = NULL;
    l->head->prev = t;
    t->prev = NULL;
    t->next = l->head;
    l->head = t;
}

void listRotateHeadToTail(list *l) {
    if (l->len <= 1) return;
    listNode *h = l->head;
    l->head = h->next;
    l->head->prev = NULL;
    l->tail->next = h;
    h->next = NULL;
    h->prev = l->tail;
    l->tail = h;
}

list *listDup(list *orig) {
    list *copy = listCreate();
    copy->dup = orig->dup;
    copy->free = orig->free;
    copy->match = orig->match;
    for (listNode *n = orig->head; n; n = n->next) {
        void *v = n->value;
        if (copy->dup) {
            v = copy->dup(v);
            if (v == NULL) {
                listRelease(copy);
                return NULL;
            }
        }
        listAddNodeTail(copy, v);
    }
    return copy;
}
