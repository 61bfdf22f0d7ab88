/* source_inputs.c - command-line paths to inputs: files, folders, standard
 * input (spooled), zip members (source.h). */
#include "ingest/source.h"

#include <dirent.h>
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zip.h>

#include "core/buf.h"

#define RAWBUF 262144

/* ---- expansion ----------------------------------------------------------- */

typedef struct list {
	orcs_input *v;
	int n, cap;
} list;

static orcs_input *add(list *l)
{
	orcs_input *in;
	if (l->n == l->cap) {
		l->cap = l->cap ? l->cap * 2 : 16;
		l->v = orcs_xrealloc(l->v, (size_t)l->cap * sizeof(*l->v));
	}
	in = &l->v[l->n++];
	memset(in, 0, sizeof(*in));
	return in;
}

static int ends_with(const char *s, const char *suffix)
{
	size_t n = strlen(s), k = strlen(suffix);
	return n >= k && !strcasecmp(s + n - k, suffix);
}

static int wanted_name(const char *name)
{
	return ends_with(name, ".json") || ends_with(name, ".xml") || ends_with(name, ".gz") ||
	       ends_with(name, ".zip");
}

static int is_zip(const char *path)
{
	unsigned char m[4];
	int ok = 0;
	FILE *f = fopen(path, "rb");
	if (!f)
		return 0;
	ok = fread(m, 1, 4, f) == 4 && m[0] == 'P' && m[1] == 'K' && m[2] == 3 && m[3] == 4;
	fclose(f);
	return ok;
}

static int cmp_name(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

static void add_zip(list *l, const char *path)
{
	int zerr = 0;
	zip_t *z = zip_open(path, ZIP_RDONLY, &zerr);
	zip_int64_t i, n;
	char **names = NULL;
	int64_t *sizes = NULL;
	size_t k = 0, j;
	if (!z) {
		orcs_input *in = add(l);
		zip_error_t ze;
		orcs_buf b = ORCS_BUF_INIT;
		zip_error_init_with_code(&ze, zerr);
		in->path = orcs_xstrdup(path);
		in->fs_path = orcs_xstrdup(path);
		orcs_buf_addf(&b, "%s" ORCS_NBSP ": archive zip illisible (%s)", path,
			      zip_error_strerror(&ze));
		in->error = orcs_buf_detach(&b, NULL);
		zip_error_fini(&ze);
		return;
	}
	n = zip_get_num_entries(z, 0);
	for (i = 0; i < n; i++) {
		zip_stat_t st;
		const char *name = zip_get_name(z, (zip_uint64_t)i, 0);
		const char *base;
		if (!name || zip_stat_index(z, (zip_uint64_t)i, 0, &st) != 0)
			continue;
		base = strrchr(name, '/');
		base = base ? base + 1 : name;
		if (!*base || base[0] == '.' || !strncmp(name, "__MACOSX/", 9) ||
		    !(ends_with(base, ".json") || ends_with(base, ".xml") || ends_with(base, ".gz")))
			continue;
		names = orcs_xrealloc(names, (k + 1) * sizeof(*names));
		sizes = orcs_xrealloc(sizes, (k + 1) * sizeof(*sizes));
		names[k] = orcs_xstrdup(name);
		sizes[k] = (st.valid & ZIP_STAT_SIZE) ? (int64_t)st.size : 0;
		k++;
	}
	zip_discard(z);
	/* sort names, keeping sizes aligned */
	for (j = 1; j < k; j++) {
		size_t m = j;
		while (m > 0 && cmp_name(&names[m - 1], &names[m]) > 0) {
			char *t = names[m];
			int64_t s = sizes[m];
			names[m] = names[m - 1];
			sizes[m] = sizes[m - 1];
			names[m - 1] = t;
			sizes[m - 1] = s;
			m--;
		}
	}
	for (j = 0; j < k; j++) {
		orcs_input *in = add(l);
		orcs_buf b = ORCS_BUF_INIT;
		orcs_buf_addf(&b, "%s:%s", path, names[j]);
		in->path = orcs_buf_detach(&b, NULL);
		in->fs_path = orcs_xstrdup(path);
		in->member = names[j];
		in->size = sizes[j];
	}
	free(names);
	free(sizes);
}

static void add_file(list *l, const char *path, int64_t size)
{
	orcs_input *in;
	if (is_zip(path)) {
		add_zip(l, path);
		return;
	}
	in = add(l);
	in->path = orcs_xstrdup(path);
	in->fs_path = orcs_xstrdup(path);
	in->size = size;
}

static int add_dir(list *l, const char *dir, int depth, orcs_error *err)
{
	DIR *d;
	struct dirent *e;
	char **names = NULL;
	size_t n = 0, i;
	int rc = ORCS_OK;
	if (depth > 32)
		return ORCS_OK;
	d = opendir(dir);
	if (!d)
		return orcs_error_set(err, ORCS_EIO, "%s" ORCS_NBSP ": %s", dir, strerror(errno));
	while ((e = readdir(d)) != NULL) {
		if (e->d_name[0] == '.')
			continue;
		names = orcs_xrealloc(names, (n + 1) * sizeof(*names));
		names[n++] = orcs_xstrdup(e->d_name);
	}
	closedir(d);
	if (n)
		qsort(names, n, sizeof(*names), cmp_name);
	for (i = 0; i < n; i++) {
		orcs_buf p = ORCS_BUF_INIT;
		struct stat sb;
		orcs_buf_addf(&p, "%s%s%s", dir, dir[0] && dir[strlen(dir) - 1] == '/' ? "" : "/",
			      names[i]);
		if (rc == ORCS_OK && stat(p.data, &sb) == 0) {
			if (S_ISDIR(sb.st_mode))
				rc = add_dir(l, p.data, depth + 1, err);
			else if (S_ISREG(sb.st_mode) && wanted_name(names[i]))
				add_file(l, p.data, (int64_t)sb.st_size);
		}
		orcs_buf_release(&p);
		free(names[i]);
	}
	free(names);
	return rc;
}

static int spool_stdin(list *l, orcs_error *err)
{
	const char *tmp = getenv("TMPDIR");
	orcs_buf path = ORCS_BUF_INIT;
	char *buf = orcs_xmalloc(RAWBUF);
	int fd;
	int64_t total = 0;
	ssize_t n;
	orcs_input *in;
	orcs_buf_addf(&path, "%s/orcs-stdin-XXXXXX", tmp && *tmp ? tmp : "/tmp");
	fd = mkstemp(path.data);
	if (fd < 0) {
		int e = errno;
		free(buf);
		orcs_buf_release(&path);
		return orcs_error_set(err, ORCS_EIO, "entrée standard" ORCS_NBSP ": fichier temporaire "
				      "impossible (%s)", strerror(e));
	}
	while ((n = read(STDIN_FILENO, buf, RAWBUF)) > 0 || (n < 0 && errno == EINTR)) {
		ssize_t off = 0;
		if (n < 0)
			continue;
		while (off < n) {
			ssize_t w = write(fd, buf + off, (size_t)(n - off));
			if (w < 0 && errno == EINTR)
				continue;
			if (w <= 0) {
				int e = errno;
				close(fd);
				unlink(path.data);
				free(buf);
				orcs_buf_release(&path);
				return orcs_error_set(err, ORCS_EIO, "entrée standard" ORCS_NBSP
						      ": écriture du fichier temporaire (%s)",
						      strerror(e));
			}
			off += w;
		}
		total += n;
	}
	free(buf);
	close(fd);
	if (n < 0) {
		unlink(path.data);
		orcs_buf_release(&path);
		return orcs_error_set(err, ORCS_EIO, "entrée standard" ORCS_NBSP ": erreur de lecture");
	}
	if (is_zip(path.data)) {
		/* members keep the spool as their archive; it is removed at free */
		int first = l->n, i;
		add_zip(l, path.data);
		for (i = first; i < l->n; i++) {
			char *p = l->v[i].path;
			orcs_buf b = ORCS_BUF_INIT;
			const char *colon = strchr(p + strlen(path.data), ':');
			orcs_buf_addf(&b, "-%s", colon ? colon : "");
			l->v[i].path = orcs_buf_detach(&b, NULL);
			free(p);
			l->v[i].spooled = i == first ? 1 : 2; /* 2: shares the spool */
		}
		if (l->n == first) { /* empty archive: still remove the spool */
			unlink(path.data);
		}
		orcs_buf_release(&path);
		return ORCS_OK;
	}
	in = add(l);
	in->path = orcs_xstrdup("-");
	in->fs_path = orcs_buf_detach(&path, NULL);
	in->spooled = 1;
	in->size = total;
	return ORCS_OK;
}

int orcs_inputs_expand(const char *const *paths, int n, orcs_input **out, int *nout,
		       orcs_error *err)
{
	list l = { NULL, 0, 0 };
	int i, rc = ORCS_OK, stdin_done = 0;
	for (i = 0; i < n && rc == ORCS_OK; i++) {
		struct stat sb;
		int before = l.n, j;
		if (!strcmp(paths[i], "-")) {
			if (!stdin_done)
				rc = spool_stdin(&l, err);
			stdin_done = 1;
			for (j = before; j < l.n; j++)
				l.v[j].arg = i;
			continue;
		}
		if (stat(paths[i], &sb) != 0) {
			rc = orcs_error_set(err, ORCS_EIO, "%s" ORCS_NBSP ": %s", paths[i],
					    errno == ENOENT ? "fichier ou dossier introuvable"
							    : strerror(errno));
			break;
		}
		if (S_ISDIR(sb.st_mode))
			rc = add_dir(&l, paths[i], 0, err);
		else
			add_file(&l, paths[i], (int64_t)sb.st_size);
		for (j = before; j < l.n; j++)
			l.v[j].arg = i;
	}
	if (rc != ORCS_OK) {
		orcs_inputs_free(l.v, l.n);
		*out = NULL;
		*nout = 0;
		return rc;
	}
	*out = l.v;
	*nout = l.n;
	return ORCS_OK;
}

void orcs_inputs_free(orcs_input *v, int n)
{
	int i;
	for (i = 0; i < n; i++) {
		if (v[i].spooled == 1)
			unlink(v[i].fs_path);
		free(v[i].path);
		free(v[i].fs_path);
		free(v[i].member);
		free(v[i].error);
	}
	free(v);
}

