/*
 * The k-sized heap every kernel feeds. hits[0] is the worst hit kept, so deciding whether a
 * new score matters is one comparison against it, and a scan of n rows costs O(n + m log k)
 * where m is how often the threshold rises.
 */
#include "mv_internal.h"

/* 1 if a ranks below b: a lower score, or the same score and a higher rowid. */
static inline int worse(mv_hit a, mv_hit b) {
    return a.score < b.score || (a.score == b.score && a.rowid > b.rowid);
}

static void sift_down(mv_hit *hits, int32_t size, int32_t i) {
    const mv_hit moving = hits[i];
    for (;;) {
        int32_t child = 2 * i + 1;
        if (child >= size) break;
        if (child + 1 < size && worse(hits[child + 1], hits[child])) child++;
        if (!worse(hits[child], moving)) break;
        hits[i] = hits[child];
        i = child;
    }
    hits[i] = moving;
}

void mv_topk_push(mv_topk *top, float score, int64_t rowid) {
    const mv_hit hit = {score, rowid};
    if (top->size < top->cap) {
        int32_t i = top->size++;
        while (i > 0) {
            const int32_t parent = (i - 1) / 2;
            if (!worse(hit, top->hits[parent])) break;
            top->hits[i] = top->hits[parent];
            i = parent;
        }
        top->hits[i] = hit;
        return;
    }
    top->hits[0] = hit;
    sift_down(top->hits, top->size, 0);
}

void mv_topk_drain(mv_topk *top, int64_t *out_rowids, float *out_scores) {
    /* Popping the worst each time fills the output from the back. */
    while (top->size > 0) {
        const int32_t last = --top->size;
        out_rowids[last] = top->hits[0].rowid;
        out_scores[last] = top->hits[0].score;
        top->hits[0] = top->hits[last];
        sift_down(top->hits, top->size, 0);
    }
}
