/* template_cache.c - checked templates kept in a compact binary form, so
 * that a command does not parse and check the template JSON on every run
 * (jansson's parser and the checks were three quarters of a `show`).
 *
 * An entry is named after the template file's path and this certtrack's
 * version, and is valid for the file's device, inode, size and
 * modification time (to the nanosecond), which its header repeats: an
 * edited or replaced file, or another release, misses. The entry holds
 * the template exactly as template.c built it (validators by name) and
 * ends with a checksum of everything before it; a short, damaged or
 * inconsistent entry is a miss and is rewritten. The cache is only ever a
 * shortcut: when its folder cannot be written, certtrack parses as before
 * and says nothing.
 *
 * Folder: $XDG_CACHE_HOME/certtrack/templates, else
 * ~/.cache/certtrack/templates. */
#ifdef HAVE_CONFIG_H
#include <config.h>
#endif

#include "core/template_int.h"
#include "certtrack/util.h"

#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define MAGIC "certtrack-template-cache 1\n"
#define NONE UINT32_MAX     /* a NULL string */
#define ENTRY_MAX (1u << 24) /* far above any template (TEMPLATE_MAX_SIZE) */
#define SUM_SIZE 8

/* FNV-1a, 64 bits: names entries and catches a damaged one (not an
 * attacker: the folder is the user's own). */
static uint64_t fnv(uint64_t h, const void *data, size_t n)
{
	const unsigned char *p = data;
	for (size_t i = 0; i < n; i++) {
		h ^= p[i];
		h *= 0x100000001b3ULL;
	}
	return h;
}
#define FNV_INIT 0xcbf29ce484222325ULL

/* ---- writing ---- */

static void put_u32(struct strbuf *b, uint32_t v)
{
	unsigned char x[4] = {(unsigned char)(v >> 24), (unsigned char)(v >> 16),
			      (unsigned char)(v >> 8), (unsigned char)v};
	sb_addn(b, (const char *)x, 4);
}

static void put_str(struct strbuf *b, const char *s)
{
	if (!s) {
		put_u32(b, NONE);
		return;
	}
	size_t n = strlen(s);
	put_u32(b, (uint32_t)n);
	sb_addn(b, s, n);
}

static void put_strv(struct strbuf *b, char *const *v, size_t n)
{
	put_u32(b, (uint32_t)n);
	for (size_t i = 0; i < n; i++)
		put_str(b, v[i]);
}

static void put_reqs(struct strbuf *b, const struct tpl_req *r, size_t n)
{
	put_u32(b, (uint32_t)n);
	for (size_t i = 0; i < n; i++) {
		put_u32(b, (uint32_t)r[i].kind);
		put_u32(b, (uint32_t)r[i].item);
		put_u32(b, (uint32_t)r[i].n_fields);
		for (size_t k = 0; k < r[i].n_fields; k++)
			put_u32(b, (uint32_t)r[i].fields[k]);
		put_u32(b, (uint32_t)r[i].field);
		put_str(b, r[i].value);
		put_u32(b, r[i].min);
		put_str(b, r[i].type);
		put_u32(b, r[i].type_min);
	}
}

static void put_rules(struct strbuf *b, const struct prescan_rules *p)
{
	const struct strlist *lists[] = {
		&p->required_labels,     &p->recommended_labels,  &p->prohibited_packages,
		&p->prohibited_prefixes, &p->registries,          &p->repository_paths,
		&p->package_owned_paths, &p->not_package_owned,   &p->prohibited_name_words,
	};
	put_str(b, p->preflight_release);
	for (size_t i = 0; i < ARRAY_SIZE(lists); i++)
		put_strv(b, lists[i]->v, lists[i]->n);
	put_str(b, p->base_repository);
	put_str(b, p->base_tag);
}

static void put_template(struct strbuf *b, const struct template *t)
{
	put_str(b, t->id);
	put_str(b, t->title);
	put_str(b, t->product_version);
	put_str(b, t->registry_host);
	put_strv(b, t->base_images, t->n_base_images);
	put_str(b, t->name_prefix);
	put_str(b, t->name_example);
	put_u32(b, t->is_default);
	put_strv(b, t->collateral_types, t->n_collateral_types);
	put_u32(b, (uint32_t)t->n_groups);
	for (size_t i = 0; i < t->n_groups; i++) {
		put_str(b, t->groups[i].key);
		put_str(b, t->groups[i].title);
	}
	put_u32(b, (uint32_t)t->n_fields);
	for (size_t i = 0; i < t->n_fields; i++) {
		const struct tpl_field *f = &t->fields[i];
		put_str(b, f->key);
		put_str(b, f->title);
		put_str(b, f->group);
		put_str(b, f->help);
		put_str(b, f->def);
		put_u32(b, (uint32_t)f->type);
		put_u32(b, f->required);
		put_u32(b, f->creation);
		put_strv(b, f->choices, f->n_choices);
		put_u32(b, (uint32_t)f->n_validators);
		for (size_t k = 0; k < f->n_validators; k++)
			put_str(b, f->validators[k]->name);
	}
	put_u32(b, (uint32_t)t->n_items);
	for (size_t i = 0; i < t->n_items; i++) {
		const struct tpl_item *it = &t->items[i];
		put_str(b, it->key);
		put_str(b, it->title);
		put_str(b, it->section);
		put_str(b, it->help);
		put_reqs(b, it->reqs, it->n_reqs);
	}
	put_u32(b, (uint32_t)t->n_rules);
	for (size_t i = 0; i < t->n_rules; i++) {
		const struct tpl_rule *r = &t->rules[i];
		put_str(b, r->key);
		put_u32(b, (uint32_t)r->field);
		put_str(b, r->equals);
		put_reqs(b, r->reqs, r->n_reqs);
		put_str(b, r->message);
		put_str(b, r->fix);
	}
	put_u32(b, t->has_prescan);
	put_rules(b, &t->prescan);
}

/* ---- reading: every count and index is checked against what is left
 * and what the template has, so that a damaged entry is only a miss ---- */

struct rd {
	const unsigned char *p, *end;
	bool bad;
};

static uint32_t get_u32(struct rd *r)
{
	if (r->bad || r->end - r->p < 4) {
		r->bad = true;
		return 0;
	}
	uint32_t v = (uint32_t)r->p[0] << 24 | (uint32_t)r->p[1] << 16 | (uint32_t)r->p[2] << 8 |
		     r->p[3];
	r->p += 4;
	return v;
}

/* A count of things of at least min bytes each that can still follow. */
static size_t get_count(struct rd *r, size_t min)
{
	uint32_t n = get_u32(r);
	if (!r->bad && (size_t)(r->end - r->p) / (min ? min : 1) < n)
		r->bad = true;
	return r->bad ? 0 : n;
}

static bool get_bool(struct rd *r)
{
	uint32_t v = get_u32(r);
	if (v > 1)
		r->bad = true;
	return v == 1;
}

static char *get_str(struct rd *r)
{
	uint32_t n = get_u32(r);
	if (r->bad || n == NONE)
		return NULL;
	if ((size_t)(r->end - r->p) < n || memchr(r->p, '\0', n)) {
		r->bad = true;
		return NULL;
	}
	char *s = xmalloc((size_t)n + 1);
	memcpy(s, r->p, n);
	s[n] = '\0';
	r->p += n;
	return s;
}

/* A string that must be there. */
static char *get_text(struct rd *r)
{
	char *s = get_str(r);
	if (!s)
		r->bad = true;
	return s;
}

static char **get_strv(struct rd *r, size_t *n)
{
	*n = get_count(r, 4);
	char **v = xcalloc(*n ? *n : 1, sizeof(*v));
	for (size_t i = 0; i < *n; i++)
		v[i] = get_text(r);
	return v;
}

static void get_strlist(struct rd *r, struct strlist *l)
{
	size_t n = get_count(r, 4);
	for (size_t i = 0; i < n && !r->bad; i++) {
		char *s = get_text(r);
		if (s)
			strlist_add(l, s);
		free(s);
	}
}

static size_t get_index(struct rd *r, size_t limit)
{
	uint32_t v = get_u32(r);
	if (v >= limit)
		r->bad = true;
	return v < limit ? v : 0;
}

/* Requirements; item and field indexes are checked once the counts of
 * items and fields are known (check_reqs). */
static struct tpl_req *get_reqs(struct rd *r, size_t *n)
{
	*n = get_count(r, 32);
	struct tpl_req *v = xcalloc(*n ? *n : 1, sizeof(*v));
	for (size_t i = 0; i < *n && !r->bad; i++) {
		struct tpl_req *q = &v[i];
		uint32_t kind = get_u32(r);
		if (kind > REQ_PUBLISHED)
			r->bad = true;
		q->kind = (enum req_kind)kind;
		q->item = get_u32(r);
		q->n_fields = get_count(r, 4);
		q->fields = xcalloc(q->n_fields ? q->n_fields : 1, sizeof(*q->fields));
		for (size_t k = 0; k < q->n_fields; k++)
			q->fields[k] = get_u32(r);
		q->field = get_u32(r);
		q->value = get_str(r);
		q->min = get_u32(r);
		q->type = get_str(r);
		q->type_min = get_u32(r);
	}
	return v;
}

static bool reqs_fit(const struct tpl_req *q, size_t n, const struct template *t)
{
	for (size_t i = 0; i < n; i++) {
		if (q[i].kind == REQ_ITEM && q[i].item >= t->n_items)
			return false;
		if (q[i].kind == REQ_FIELD_EQUALS && q[i].field >= t->n_fields)
			return false;
		for (size_t k = 0; k < q[i].n_fields; k++)
			if (q[i].fields[k] >= t->n_fields)
				return false;
	}
	return true;
}

static void get_rules(struct rd *r, struct prescan_rules *p)
{
	struct strlist *lists[] = {
		&p->required_labels,     &p->recommended_labels,  &p->prohibited_packages,
		&p->prohibited_prefixes, &p->registries,          &p->repository_paths,
		&p->package_owned_paths, &p->not_package_owned,   &p->prohibited_name_words,
	};
	p->preflight_release = get_str(r);
	for (size_t i = 0; i < ARRAY_SIZE(lists); i++)
		get_strlist(r, lists[i]);
	p->base_repository = get_str(r);
	p->base_tag = get_str(r);
}

static struct template *get_template(struct rd *r)
{
	struct template *t = xcalloc(1, sizeof(*t));
	t->id = get_text(r);
	t->title = get_str(r);
	t->product_version = get_str(r);
	t->registry_host = get_str(r);
	t->base_images = get_strv(r, &t->n_base_images);
	t->name_prefix = get_str(r);
	t->name_example = get_str(r);
	t->is_default = get_bool(r);
	t->collateral_types = get_strv(r, &t->n_collateral_types);
	t->n_groups = get_count(r, 8);
	t->groups = xcalloc(t->n_groups ? t->n_groups : 1, sizeof(*t->groups));
	for (size_t i = 0; i < t->n_groups; i++) {
		t->groups[i].key = get_text(r);
		t->groups[i].title = get_str(r);
	}
	t->n_fields = get_count(r, 40);
	t->fields = xcalloc(t->n_fields ? t->n_fields : 1, sizeof(*t->fields));
	for (size_t i = 0; i < t->n_fields && !r->bad; i++) {
		struct tpl_field *f = &t->fields[i];
		f->key = get_text(r);
		f->title = get_str(r);
		f->group = get_str(r);
		f->help = get_str(r);
		f->def = get_str(r);
		uint32_t type = get_u32(r);
		if (type > FT_URL)
			r->bad = true;
		f->type = (enum field_type)type;
		f->required = get_bool(r);
		f->creation = get_bool(r);
		f->choices = get_strv(r, &f->n_choices);
		size_t nv = get_count(r, 4);
		f->validators = xcalloc(nv ? nv : 1, sizeof(*f->validators));
		for (size_t k = 0; k < nv && !r->bad; k++) {
			char *name = get_text(r);
			const struct validator *v = name ? validator_find(name) : NULL;
			free(name);
			if (!v)
				r->bad = true;
			else
				f->validators[f->n_validators++] = v;
		}
	}
	t->n_items = get_count(r, 20);
	t->items = xcalloc(t->n_items ? t->n_items : 1, sizeof(*t->items));
	for (size_t i = 0; i < t->n_items && !r->bad; i++) {
		struct tpl_item *it = &t->items[i];
		it->key = get_text(r);
		it->title = get_str(r);
		it->section = get_str(r);
		it->help = get_str(r);
		it->reqs = get_reqs(r, &it->n_reqs);
	}
	t->n_rules = get_count(r, 24);
	t->rules = xcalloc(t->n_rules ? t->n_rules : 1, sizeof(*t->rules));
	for (size_t i = 0; i < t->n_rules && !r->bad; i++) {
		struct tpl_rule *ru = &t->rules[i];
		ru->key = get_text(r);
		ru->field = get_index(r, t->n_fields);
		ru->equals = get_str(r);
		ru->reqs = get_reqs(r, &ru->n_reqs);
		ru->message = get_str(r);
		ru->fix = get_str(r);
	}
	t->has_prescan = get_bool(r);
	get_rules(r, &t->prescan);
	for (size_t i = 0; i < t->n_items && !r->bad; i++)
		r->bad = !reqs_fit(t->items[i].reqs, t->items[i].n_reqs, t);
	for (size_t i = 0; i < t->n_rules && !r->bad; i++)
		r->bad = !reqs_fit(t->rules[i].reqs, t->rules[i].n_reqs, t);
	if (r->bad || r->p != r->end) {
		template_free(t);
		return NULL;
	}
	return t;
}

void template_cache_encode(struct strbuf *b, const struct template *t)
{
	put_template(b, t);
}

struct template *template_cache_decode(const void *data, size_t len)
{
	struct rd r = {.p = data, .end = (const unsigned char *)data + len};
	return get_template(&r);
}

/* ---- the entries ---- */

static char *cache_dir(void)
{
	const char *x = getenv("XDG_CACHE_HOME");
	if (x && *x == '/')
		return xasprintf("%s/certtrack/templates", x);
	const char *home = getenv("HOME");
	if (!home || *home != '/')
		return NULL;
	return xasprintf("%s/.cache/certtrack/templates", home);
}

/* The entry's path for a template file, or NULL without a cache folder. */
static char *entry_path(const char *path)
{
	char *dir = cache_dir();
	if (!dir)
		return NULL;
	uint64_t h = fnv(FNV_INIT, PACKAGE_VERSION, sizeof(PACKAGE_VERSION));
	h = fnv(h, path, strlen(path));
	char *entry = xasprintf("%s/%016llx", dir, (unsigned long long)h);
	free(dir);
	return entry;
}

/* What the entry must repeat of the file: it was made from this file as
 * it is now. */
static void put_stamp(struct strbuf *b, const char *path, const struct stat *st)
{
	put_str(b, PACKAGE_VERSION);
	put_str(b, path);
	const uint64_t v[] = {(uint64_t)st->st_dev, (uint64_t)st->st_ino, (uint64_t)st->st_size,
			      (uint64_t)st->st_mtim.tv_sec, (uint64_t)st->st_mtim.tv_nsec};
	for (size_t i = 0; i < ARRAY_SIZE(v); i++) {
		put_u32(b, (uint32_t)(v[i] >> 32));
		put_u32(b, (uint32_t)v[i]);
	}
}

static void put_sum(struct strbuf *b)
{
	uint64_t h = fnv(FNV_INIT, b->buf, b->len);
	put_u32(b, (uint32_t)(h >> 32));
	put_u32(b, (uint32_t)h);
}

static bool read_entry(const char *path, struct strbuf *out)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
	if (fd < 0)
		return false;
	struct stat sb;
	bool ok = fstat(fd, &sb) == 0 && S_ISREG(sb.st_mode) && sb.st_size > 0 &&
		  sb.st_size <= ENTRY_MAX;
	if (ok) {
		sb_grow(out, (size_t)sb.st_size);
		ssize_t n;
		while ((n = read(fd, out->buf + out->len, (size_t)sb.st_size - out->len)) > 0)
			out->len += (size_t)n;
		ok = n == 0 && out->len == (size_t)sb.st_size;
	}
	close(fd);
	return ok;
}

struct template *template_cache_get(const char *path, const struct stat *st)
{
	char *entry = entry_path(path);
	if (!entry)
		return NULL;
	struct strbuf b = {0}, want = {0};
	struct template *t = NULL;
	sb_add(&want, MAGIC);
	put_stamp(&want, path, st);
	if (read_entry(entry, &b) && b.len >= want.len + SUM_SIZE &&
	    memcmp(b.buf, want.buf, want.len) == 0) {
		size_t body = b.len - SUM_SIZE;
		uint64_t h = fnv(FNV_INIT, b.buf, body);
		struct rd r = {.p = (const unsigned char *)b.buf + body,
			       .end = (const unsigned char *)b.buf + b.len};
		uint64_t got = (uint64_t)get_u32(&r) << 32;
		got |= get_u32(&r);
		if (got == h) {
			if ((t = template_cache_decode(b.buf + want.len, body - want.len)))
				t->path = xstrdup(path);
		}
	}
	sb_free(&want);
	sb_free(&b);
	free(entry);
	return t;
}

/* mkdir -p of the cache folder, private to the user. */
static bool make_dirs(char *dir)
{
	for (char *p = dir + 1; *p; p++) {
		if (*p != '/')
			continue;
		*p = '\0';
		bool ok = mkdir(dir, 0700) == 0 || errno == EEXIST;
		*p = '/';
		if (!ok)
			return false;
	}
	return mkdir(dir, 0700) == 0 || errno == EEXIST;
}

void template_cache_put(const char *path, const struct stat *st, const struct template *t)
{
	char *entry = entry_path(path);
	char *dir = cache_dir();
	if (!entry || !dir || !make_dirs(dir)) {
		free(entry);
		free(dir);
		return;
	}
	struct strbuf b = {0};
	sb_add(&b, MAGIC);
	put_stamp(&b, path, st);
	put_template(&b, t);
	put_sum(&b);
	/* Written beside and renamed over: a reader sees a whole entry or
	 * none; two writers write the same bytes. */
	char *tmp = xasprintf("%s/.tmp-XXXXXX", dir);
	int fd = mkstemp(tmp);
	if (fd >= 0) {
		size_t off = 0;
		ssize_t n = 0;
		while (off < b.len && (n = write(fd, b.buf + off, b.len - off)) > 0)
			off += (size_t)n;
		bool ok = close(fd) == 0 && off == b.len;
		if (!ok || rename(tmp, entry) != 0)
			unlink(tmp);
	}
	free(tmp);
	sb_free(&b);
	free(dir);
	free(entry);
}
