/* json_arena.c - a region for the jansson values of one report project.
 * A JSON report builds a tree of a few thousand small values per project,
 * dumps it and frees it; with malloc that is most of the report's time.
 * While a region is open, jansson allocates from large blocks by bumping a
 * pointer and its frees cost nothing; closing the region rewinds it (the
 * tree is not walked to be freed), and the blocks are kept for the next
 * project, so memory stays that of the largest project. Values made
 * outside a region are malloc's as usual, and freeing one while a region
 * is open goes to free(). */
#ifdef HAVE_CONFIG_H
#include <config.h>
#endif

#include "core/json_int.h"
#include "certtrack/util.h"

#include <stdalign.h>
#include <stdint.h>
#include <stdlib.h>

#define BLOCK_SIZE (256 * 1024)
#define ALIGN alignof(max_align_t)

struct block {
	struct block *next;
	size_t used, size;
	alignas(max_align_t) unsigned char data[];
};

static struct block *blocks; /* the current block first */
static struct block *spare;  /* rewound blocks, reused before new ones */
static bool open_region;

static bool in_region(const void *p)
{
	for (const struct block *b = blocks; b; b = b->next)
		if ((const unsigned char *)p >= b->data && (const unsigned char *)p < b->data + b->size)
			return true;
	return false;
}

static struct block *block_new(size_t need)
{
	if (spare && spare->size >= need) {
		struct block *b = spare;
		spare = b->next;
		b->used = 0;
		return b;
	}
	size_t size = need > BLOCK_SIZE ? need : BLOCK_SIZE;
	struct block *b = xmalloc(sizeof(*b) + size);
	b->used = 0;
	b->size = size;
	return b;
}

static void *region_malloc(size_t n)
{
	if (!open_region)
		return malloc(n);
	n = (n + ALIGN - 1) & ~(ALIGN - 1);
	if (!blocks || blocks->size - blocks->used < n) {
		struct block *b = block_new(n);
		b->next = blocks;
		blocks = b;
	}
	void *p = blocks->data + blocks->used;
	blocks->used += n;
	return p;
}

static void region_free(void *p)
{
	if (p && !(open_region && in_region(p)))
		free(p);
}

void json_region_open(void)
{
	if (!open_region) {
		json_set_alloc_funcs(region_malloc, region_free);
		open_region = true;
	}
}

void json_region_close(void)
{
	if (!open_region)
		return;
	open_region = false;
	while (blocks) {
		struct block *b = blocks;
		blocks = b->next;
		b->next = spare;
		spare = b;
	}
	json_set_alloc_funcs(malloc, free);
}

void json_region_release(void)
{
	json_region_close();
	while (spare) {
		struct block *b = spare;
		spare = b->next;
		free(b);
	}
}
