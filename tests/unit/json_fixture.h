/*
 * json_fixture.h - reading the JSON files the commands under test write
 * (manifests, reports), for the unit tests.
 */
#ifndef ORCS_JSON_FIXTURE_H
#define ORCS_JSON_FIXTURE_H

#include <yajl/yajl_tree.h>

/* The parsed tree of the file at `path`; NULL when it cannot be read or is
 * not JSON.  The caller frees it with yajl_tree_free(). */
yajl_val jf_load(const char *path);

/* The value of `key` in the object `obj` (borrowed from it); NULL when obj
 * is not an object or has no such member. */
yajl_val jf_member(yajl_val obj, const char *key);

#endif
