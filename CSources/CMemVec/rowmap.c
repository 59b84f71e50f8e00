/*
 * rowid -> row: open addressing with linear probing, kept at most half full so probes stay
 * short. Deletion shifts later entries of the probe run back (no tombstones), so lookups never
 * degrade after many upserts and removes.
 */
#include "mv_internal.h"

#include <stdlib.h>

enum { MV_ROWMAP_MIN_CAPACITY = 16 };

/* Fibonacci hashing: SQLite rowids are often dense and sequential; the multiply spreads them. */
static inline uint64_t slot_of(const mv_rowmap *map, int64_t rowid) {
    return ((uint64_t)rowid * UINT64_C(0x9E3779B97F4A7C15)) >> map->shift;
}

static void fill_empty(mv_rowmap_slot *slots, uint64_t capacity) {
    for (uint64_t i = 0; i < capacity; i++) slots[i].row = -1;
}

void mv_rowmap_free(mv_rowmap *map) {
    free(map->slots);
    map->slots = NULL;
    map->mask = 0;
    map->shift = 0;
    map->count = 0;
}

void mv_rowmap_clear(mv_rowmap *map) {
    if (map->slots != NULL) fill_empty(map->slots, map->mask + 1);
    map->count = 0;
}

static int rehash(mv_rowmap *map, uint64_t capacity) {
    int rc = MV_OK;
    mv_rowmap_slot *old = map->slots;
    const uint64_t old_capacity = old != NULL ? map->mask + 1 : 0;
    mv_rowmap_slot *slots = malloc(capacity * sizeof *slots);
    if (slots == NULL) {
        rc = MV_ERR_NOMEM;
        goto cleanup;
    }
    fill_empty(slots, capacity);
    map->slots = slots;
    map->mask = capacity - 1;
    map->shift = 64 - __builtin_ctzll(capacity);
    for (uint64_t i = 0; i < old_capacity; i++) {
        if (old[i].row < 0) continue;
        uint64_t s = slot_of(map, old[i].rowid);
        while (slots[s].row >= 0) s = (s + 1) & map->mask;
        slots[s] = old[i];
    }
    free(old);
cleanup:
    return rc;
}

int mv_rowmap_reserve(mv_rowmap *map, int64_t count) {
    int rc = MV_OK;
    uint64_t capacity = map->slots != NULL ? map->mask + 1 : 0;
    if (count < 0) {
        rc = MV_ERR_ARG;
        goto cleanup;
    }
    if ((uint64_t)count * 2 <= capacity) goto cleanup;
    if (capacity < MV_ROWMAP_MIN_CAPACITY) capacity = MV_ROWMAP_MIN_CAPACITY;
    while (capacity < (uint64_t)count * 2) capacity *= 2;
    rc = rehash(map, capacity);
cleanup:
    return rc;
}

int64_t mv_rowmap_get(const mv_rowmap *map, int64_t rowid) {
    if (map->slots == NULL) return -1;
    const mv_rowmap_slot *slots = map->slots;
    for (uint64_t s = slot_of(map, rowid);; s = (s + 1) & map->mask) {
        if (slots[s].row < 0) return -1;
        if (slots[s].rowid == rowid) return slots[s].row;
    }
}

int mv_rowmap_put(mv_rowmap *map, int64_t rowid, int64_t row, int64_t *out_previous) {
    int rc = mv_rowmap_reserve(map, map->count + 1);
    if (rc != MV_OK) goto cleanup;
    mv_rowmap_slot *slots = map->slots;
    uint64_t s = slot_of(map, rowid);
    while (slots[s].row >= 0 && slots[s].rowid != rowid) s = (s + 1) & map->mask;
    *out_previous = slots[s].row;
    if (slots[s].row < 0) map->count++;
    slots[s].rowid = rowid;
    slots[s].row = row;
cleanup:
    return rc;
}

int mv_rowmap_delete(mv_rowmap *map, int64_t rowid) {
    if (map->slots == NULL) return 0;
    mv_rowmap_slot *slots = map->slots;
    const uint64_t mask = map->mask;
    uint64_t hole = slot_of(map, rowid);
    while (slots[hole].row >= 0 && slots[hole].rowid != rowid) hole = (hole + 1) & mask;
    if (slots[hole].row < 0) return 0;
    /* Move back every later entry of the run whose home slot does not lie in (hole, s]. */
    for (uint64_t s = (hole + 1) & mask; slots[s].row >= 0; s = (s + 1) & mask) {
        const uint64_t home = slot_of(map, slots[s].rowid);
        const uint64_t dist_home = (s - home) & mask;
        const uint64_t dist_hole = (s - hole) & mask;
        if (dist_home >= dist_hole) {
            slots[hole] = slots[s];
            hole = s;
        }
    }
    slots[hole].row = -1;
    map->count--;
    return 1;
}

int mv_rowmap_build(mv_rowmap *map, const int64_t *rowids, int64_t n, int64_t *out_repeated) {
    enum { AHEAD = 8 }; /* prefetch distance: enough to overlap a handful of cache misses */
    int rc = MV_OK;
    *out_repeated = -1;
    mv_rowmap_clear(map);
    rc = mv_rowmap_reserve(map, n);
    if (rc != MV_OK) goto cleanup;
    mv_rowmap_slot *slots = map->slots;
    for (int64_t i = 0; i < n; i++) {
        if (i + AHEAD < n) __builtin_prefetch(&slots[slot_of(map, rowids[i + AHEAD])], 1);
        uint64_t s = slot_of(map, rowids[i]);
        while (slots[s].row >= 0 && slots[s].rowid != rowids[i]) s = (s + 1) & map->mask;
        if (slots[s].row >= 0) {
            *out_repeated = i;
            goto cleanup;
        }
        slots[s].rowid = rowids[i];
        slots[s].row = i;
        map->count++;
    }
cleanup:
    return rc;
}
