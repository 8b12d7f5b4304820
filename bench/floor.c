/*
 * floor.c - the libcmark floor for the sitegen benchmark.
 *
 * The least work any Markdown site generator does: read every .md file under a folder, skip the
 * YAML front matter (from a first line "---" to the next line "---"), render the rest with
 * libcmark (cmark_markdown_to_html, CMARK_OPT_DEFAULT: raw HTML is dropped, as sitegen drops
 * it) and write each page to OUT/REL/index.html, where REL is the file's path under the input
 * folder without ".md" (content/actors/amlo.md -> OUT/actors/amlo/index.html). A minimal HTML
 * shell (doctype, charset, title = file name) is written around the fragment. Nothing else: no
 * links resolved, no templates, no index pages.
 *
 *     cc -O2 -o floor floor.c -lcmark          (add -pthread on an old glibc)
 *     ./floor [-j THREADS] [-q] CONTENT_DIR OUT_DIR
 *
 * -j N renders with N threads (default 1), files handed out one at a time from a shared counter.
 * Prints "N files, B bytes of Markdown, H bytes of HTML" to stderr unless -q. Exit status 1 on
 * any I/O error.
 */
#define _GNU_SOURCE /* nftw FTW_ACTIONRETVAL */
#include <cmark.h>
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <unistd.h>

static char **files;
static size_t nfiles, capfiles;
static const char *in_root, *out_root;
static size_t in_root_len;
static atomic_size_t next_file;
static atomic_size_t total_in, total_out;
static atomic_int failed;

static int collect(const char *path, const struct stat *st, int type, struct FTW *ftw) {
    (void)st;
    const char *base = path + ftw->base;
    if (type == FTW_D && ftw->level > 0 && (base[0] == '.' || base[0] == '_'))
        return FTW_SKIP_SUBTREE;
    if (type != FTW_F) return FTW_CONTINUE;
    size_t len = strlen(path);
    if (len < 3 || strcmp(path + len - 3, ".md") != 0) return FTW_CONTINUE;
    if (base[0] == '.' || base[0] == '_') return FTW_CONTINUE;
    if (nfiles == capfiles) {
        capfiles = capfiles ? capfiles * 2 : 1024;
        files = realloc(files, capfiles * sizeof *files);
        if (!files) { perror("realloc"); exit(1); }
    }
    files[nfiles++] = strdup(path);
    return FTW_CONTINUE;
}

static int cmp(const void *a, const void *b) {
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static char *read_file(const char *path, size_t *len) {
    int fd = open(path, O_RDONLY);
    if (fd < 0) return NULL;
    struct stat st;
    if (fstat(fd, &st) < 0) { close(fd); return NULL; }
    char *buf = malloc((size_t)st.st_size + 1);
    size_t got = 0;
    while (buf && got < (size_t)st.st_size) {
        ssize_t n = read(fd, buf + got, (size_t)st.st_size - got);
        if (n <= 0) { free(buf); buf = NULL; break; }
        got += (size_t)n;
    }
    close(fd);
    if (buf) { buf[got] = 0; *len = got; }
    return buf;
}

/* Offset of the body: after the line "---" that closes front matter opened on line 1. */
static size_t skip_front_matter(const char *s, size_t len) {
    if (len < 4 || strncmp(s, "---", 3) != 0 || (s[3] != '\n' && s[3] != '\r')) return 0;
    const char *p = memchr(s, '\n', len);
    while (p) {
        const char *line = p + 1;
        size_t left = len - (size_t)(line - s);
        if (left >= 3 && strncmp(line, "---", 3) == 0 &&
            (left == 3 || line[3] == '\n' || line[3] == '\r')) {
            const char *nl = memchr(line, '\n', left);
            return nl ? (size_t)(nl + 1 - s) : len;
        }
        p = memchr(line, '\n', left);
    }
    return 0; /* unclosed: treat the whole file as Markdown */
}

static int mkdirs(char *path) { /* mkdir -p; modifies path temporarily */
    for (char *p = path + 1; *p; p++) {
        if (*p != '/') continue;
        *p = 0;
        int r = mkdir(path, 0755);
        *p = '/';
        if (r < 0 && errno != EEXIST) return -1;
    }
    if (mkdir(path, 0755) < 0 && errno != EEXIST) return -1;
    return 0;
}

static int write_all(int fd, const char *buf, size_t len) {
    while (len) {
        ssize_t n = write(fd, buf, len);
        if (n < 0) { if (errno == EINTR) continue; return -1; }
        buf += n; len -= (size_t)n;
    }
    return 0;
}

static void render_one(const char *path) {
    size_t len;
    char *src = read_file(path, &len);
    if (!src) { perror(path); failed = 1; return; }
    size_t off = skip_front_matter(src, len);
    char *html = cmark_markdown_to_html(src + off, len - off, CMARK_OPT_DEFAULT);
    size_t hlen = strlen(html);

    const char *rel = path + in_root_len;
    while (*rel == '/') rel++;
    size_t rlen = strlen(rel) - 3; /* without .md */
    size_t olen = strlen(out_root);
    char *dir = malloc(olen + rlen + 16);
    memcpy(dir, out_root, olen);
    dir[olen] = '/';
    memcpy(dir + olen + 1, rel, rlen);
    dir[olen + 1 + rlen] = 0;
    if (mkdirs(dir) < 0) { perror(dir); failed = 1; goto done; }
    char head[512];
    int hn = snprintf(head, sizeof head,
                      "<!doctype html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
                      "<title>%.200s</title>\n</head>\n<body>\n<main>\n",
                      strrchr(dir, '/') + 1);
    strcat(dir, "/index.html");
    static const char tail[] = "</main>\n</body>\n</html>\n";
    int fd = open(dir, O_WRONLY | O_CREAT | O_TRUNC, 0644);
    if (fd < 0 || write_all(fd, head, (size_t)hn) < 0 || write_all(fd, html, hlen) < 0 ||
        write_all(fd, tail, sizeof tail - 1) < 0) {
        perror(dir);
        failed = 1;
    }
    if (fd >= 0) close(fd);
    atomic_fetch_add(&total_in, len);
    atomic_fetch_add(&total_out, (size_t)hn + hlen + sizeof tail - 1);
done:
    free(dir);
    free(html);
    free(src);
}

static void *worker(void *arg) {
    (void)arg;
    for (;;) {
        size_t i = atomic_fetch_add(&next_file, 1);
        if (i >= nfiles) return NULL;
        render_one(files[i]);
    }
}

int main(int argc, char **argv) {
    int threads = 1, quiet = 0, opt;
    while ((opt = getopt(argc, argv, "j:q")) != -1) {
        if (opt == 'j') threads = atoi(optarg);
        else if (opt == 'q') quiet = 1;
        else goto usage;
    }
    if (argc - optind != 2 || threads < 1) {
    usage:
        fprintf(stderr, "usage: %s [-j THREADS] [-q] CONTENT_DIR OUT_DIR\n", argv[0]);
        return 2;
    }
    in_root = argv[optind];
    out_root = argv[optind + 1];
    in_root_len = strlen(in_root);
    while (in_root_len > 1 && in_root[in_root_len - 1] == '/') in_root_len--;

    if (nftw(in_root, collect, 32, FTW_PHYS | FTW_ACTIONRETVAL) != 0) {
        perror(in_root);
        return 1;
    }
    qsort(files, nfiles, sizeof *files, cmp);
    char *o = strdup(out_root);
    if (mkdirs(o) < 0) { perror(out_root); return 1; }
    free(o);

    if (threads == 1) {
        worker(NULL);
    } else {
        pthread_t *t = calloc((size_t)threads, sizeof *t);
        for (int i = 0; i < threads; i++) pthread_create(&t[i], NULL, worker, NULL);
        for (int i = 0; i < threads; i++) pthread_join(t[i], NULL);
        free(t);
    }
    if (!quiet)
        fprintf(stderr, "%zu files, %zu bytes of Markdown, %zu bytes of HTML\n", nfiles,
                (size_t)total_in, (size_t)total_out);
    for (size_t i = 0; i < nfiles; i++) free(files[i]);
    free(files);
    return failed ? 1 : 0;
}
