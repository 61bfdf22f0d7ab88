/* test_resp_cache.c - the web server's response cache: hits, replacement,
 * LRU eviction under the byte cap, values kept alive while referenced. */
#include <stdlib.h>
#include <string.h>

#include "tests/unit/harness.h"
#include "web/resp_cache.h"

static int freed;

static void count_free(void *v)
{
	freed++;
	free(v);
}

static char *val(const char *s)
{
	char *p = malloc(strlen(s) + 1);
	strcpy(p, s);
	return p;
}

static void test_hit_and_replace(void)
{
	orcs_rcache *c = orcs_rcache_new(1 << 20, count_free);
	orcs_rcache_ref *ref = NULL;
	orcs_rcache_stats st;
	char *v;
	freed = 0;
	CHECK(orcs_rcache_get(c, "/?a=1", &ref) == NULL);
	CHECK_INT(orcs_rcache_put(c, "/?a=1", val("one"), 4), 1);
	v = orcs_rcache_get(c, "/?a=1", &ref);
	CHECK_STR(v, "one");
	orcs_rcache_unref(c, ref);
	CHECK_INT(orcs_rcache_put(c, "/?a=1", val("uno"), 4), 1);
	CHECK_INT(freed, 1);
	v = orcs_rcache_get(c, "/?a=1", &ref);
	CHECK_STR(v, "uno");
	orcs_rcache_unref(c, ref);
	orcs_rcache_stats_get(c, &st);
	CHECK_INT(st.hits, 2);
	CHECK_INT(st.misses, 1);
	CHECK_INT(st.entries, 1);
	orcs_rcache_free(c);
	CHECK_INT(freed, 2);
}

static void test_lru_eviction(void)
{
	/* 8 KiB cap: entries of 931 bytes (size + key + overhead), under 1/8 */
	orcs_rcache *c = orcs_rcache_new(8192, count_free);
	orcs_rcache_ref *ref = NULL;
	orcs_rcache_stats st;
	char key[16];
	int i;
	freed = 0;
	for (i = 0; i < 7; i++) {
		snprintf(key, sizeof(key), "/k%d", i);
		orcs_rcache_put(c, key, val(key), 800);
	}
	/* touch /k0 so that /k1 is now the least recently used */
	CHECK(orcs_rcache_get(c, "/k0", &ref) != NULL);
	orcs_rcache_unref(c, ref);
	orcs_rcache_put(c, "/k7", val("k7"), 800);
	orcs_rcache_put(c, "/k8", val("k8"), 800);
	orcs_rcache_stats_get(c, &st);
	CHECK(st.bytes <= 8192);
	CHECK(st.evictions >= 1);
	CHECK(orcs_rcache_get(c, "/k1", &ref) == NULL);
	CHECK(orcs_rcache_get(c, "/k0", &ref) != NULL);
	orcs_rcache_unref(c, ref);
	/* too big for the cache (> 1/8 of it): freed at once */
	CHECK_INT(orcs_rcache_put(c, "/big", val("big"), 4000), 0);
	CHECK(orcs_rcache_get(c, "/big", &ref) == NULL);
	orcs_rcache_free(c);
	CHECK_INT(freed, 10);
}

static void test_referenced_value_survives_clear(void)
{
	orcs_rcache *c = orcs_rcache_new(1 << 20, count_free);
	orcs_rcache_ref *ref = NULL;
	char *v;
	freed = 0;
	orcs_rcache_put(c, "/p", val("page"), 5);
	v = orcs_rcache_get(c, "/p", &ref);
	orcs_rcache_clear(c);
	CHECK_INT(freed, 0);
	CHECK_STR(v, "page");
	CHECK(orcs_rcache_get(c, "/p", &ref) != v);
	orcs_rcache_unref(c, ref);
	CHECK_INT(freed, 1);
	orcs_rcache_free(c);
}

void suite_resp_cache(void)
{
	RUN(test_hit_and_replace);
	RUN(test_lru_eviction);
	RUN(test_referenced_value_survives_clear);
}
