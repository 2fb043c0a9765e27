/* fault-preload: an LD_PRELOAD library that lets the harness inject disk faults into an unmodified
 * server process and record what a power cut would keep. It touches only files under the target's
 * data directory (FAULT_PRELOAD_DIR); sockets and every other file pass straight through.
 *
 * Durability journal: at each fsync/fdatasync of a file under the data directory, the file's
 * content is copied to FAULT_PRELOAD_SHADOW/ino-<dev>-<ino> (only the part that can have changed
 * since the last copy). At each fsync of a directory, its listing ("<ino>\t<d|f|o>\t<name>" lines)
 * is written to FAULT_PRELOAD_SHADOW/dir-<dev>-<ino>. After a SIGKILL the harness rebuilds the
 * directory from these: that is exactly what survives a power cut.
 *
 * Faults: FAULT_PRELOAD_CONTROL names a small file the harness rewrites at run time; this library
 * maps it shared and reads its fields on each call (struct control below), so faults switch on and
 * off while the target runs. stdio (fopen/fwrite/fflush/fclose) is interposed too: Redis writes RDB
 * files through stdio, whose internal writes cannot be interposed from outside libc.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/uio.h>
#include <time.h>
#include <unistd.h>

/* The control file layout: little-endian int32 fields, rewritten in place by the harness. */
struct control {
    int32_t magic;           /* 0x46505245 "FPRE" when valid */
    int32_t enospc;          /* writes fail with ENOSPC */
    int32_t partial_bytes;   /* with enospc: a write of more bytes writes this many, then fails */
    int32_t eio_write;       /* writes fail with EIO */
    int32_t eio_fsync;       /* fsync/fdatasync fail with EIO */
    int32_t fsync_delay_ms;  /* each fsync/fdatasync first sleeps this long */
};
#define CONTROL_MAGIC 0x46505245

#define MAX_FDS 65536
#define DIRTY_SLOTS 4096

static volatile struct control *ctl;
static char data_dir[PATH_MAX];
static size_t data_dir_len;
static char shadow_dir[PATH_MAX];
static int enabled;
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;

/* Tracked descriptors: files (or directories) under the data directory. */
static unsigned char tracked[MAX_FDS];

/* Per inode, the lowest offset possibly changed since the last shadow copy (pwrite, truncate). */
struct dirty { dev_t dev; ino_t ino; off_t from; int used; };
static struct dirty dirty_table[DIRTY_SLOTS];

static int (*real_open)(const char *, int, ...);
static int (*real_open64)(const char *, int, ...);
static int (*real_openat)(int, const char *, int, ...);
static int (*real_openat64)(int, const char *, int, ...);
static int (*real_creat)(const char *, mode_t);
static int (*real_creat64)(const char *, mode_t);
static FILE *(*real_fopen)(const char *, const char *);
static FILE *(*real_fopen64)(const char *, const char *);
static ssize_t (*real_write)(int, const void *, size_t);
static ssize_t (*real_pwrite)(int, const void *, size_t, off_t);
static ssize_t (*real_pwrite64)(int, const void *, size_t, off_t);
static ssize_t (*real_writev)(int, const struct iovec *, int);
static ssize_t (*real_pwritev)(int, const struct iovec *, int, off_t);
static size_t (*real_fwrite)(const void *, size_t, size_t, FILE *);
static int (*real_fflush)(FILE *);
static int (*real_fclose)(FILE *);
static int (*real_fsync)(int);
static int (*real_fdatasync)(int);
static int (*real_sync_file_range)(int, off64_t, off64_t, unsigned int);
static int (*real_close)(int);
static int (*real_ftruncate)(int, off_t);
static int (*real_ftruncate64)(int, off64_t);

#define LOAD(name) real_##name = dlsym(RTLD_NEXT, #name)

__attribute__((constructor)) static void init(void) {
    LOAD(open); LOAD(open64); LOAD(openat); LOAD(openat64); LOAD(creat); LOAD(creat64);
    LOAD(fopen); LOAD(fopen64); LOAD(write); LOAD(pwrite); LOAD(pwrite64); LOAD(writev);
    LOAD(pwritev); LOAD(fwrite); LOAD(fflush); LOAD(fclose); LOAD(fsync); LOAD(fdatasync);
    LOAD(sync_file_range); LOAD(close); LOAD(ftruncate); LOAD(ftruncate64);
    const char *dir = getenv("FAULT_PRELOAD_DIR");
    const char *shadow = getenv("FAULT_PRELOAD_SHADOW");
    const char *control = getenv("FAULT_PRELOAD_CONTROL");
    if (!dir || !shadow || !control) return;
    if (!realpath(dir, data_dir)) return;
    data_dir_len = strlen(data_dir);
    snprintf(shadow_dir, sizeof(shadow_dir), "%s", shadow);
    int fd = real_open(control, O_RDONLY);
    if (fd < 0) return;
    void *m = mmap(NULL, sizeof(struct control), PROT_READ, MAP_SHARED, fd, 0);
    real_close(fd);
    if (m == MAP_FAILED) return;
    ctl = m;
    enabled = 1;
}

static int fault(volatile int32_t *field) {
    return ctl && ctl->magic == CONTROL_MAGIC && *field;
}

/* Whether `path` (relative to `dirfd` or the cwd) lies under the data directory. */
static int under_data_dir(int dirfd, const char *path) {
    if (!enabled || !path) return 0;
    char abs[PATH_MAX * 2];
    if (path[0] == '/') {
        snprintf(abs, sizeof(abs), "%s", path);
    } else {
        char base[PATH_MAX];
        if (dirfd == AT_FDCWD || dirfd < 0) {
            if (!getcwd(base, sizeof(base))) return 0;
        } else {
            char link[64];
            snprintf(link, sizeof(link), "/proc/self/fd/%d", dirfd);
            ssize_t n = readlink(link, base, sizeof(base) - 1);
            if (n < 0) return 0;
            base[n] = 0;
        }
        snprintf(abs, sizeof(abs), "%s/%s", base, path);
    }
    return strncmp(abs, data_dir, data_dir_len) == 0 && (abs[data_dir_len] == '/' || abs[data_dir_len] == 0);
}

static void track(int fd) {
    if (fd >= 0 && fd < MAX_FDS) tracked[fd] = 1;
}

static int is_tracked(int fd) {
    return enabled && fd >= 0 && fd < MAX_FDS && tracked[fd];
}

static struct dirty *dirty_slot(dev_t dev, ino_t ino, int create) {
    size_t h = ((size_t)ino * 2654435761u + (size_t)dev) % DIRTY_SLOTS;
    for (size_t i = 0; i < DIRTY_SLOTS; i++) {
        struct dirty *d = &dirty_table[(h + i) % DIRTY_SLOTS];
        if (d->used && d->dev == dev && d->ino == ino) return d;
        if (!d->used) {
            if (!create) return NULL;
            d->used = 1; d->dev = dev; d->ino = ino; d->from = LLONG_MAX;
            return d;
        }
    }
    return NULL;
}

static void mark_dirty(int fd, off_t from) {
    struct stat st;
    if (fstat(fd, &st) != 0) return;
    pthread_mutex_lock(&lock);
    struct dirty *d = dirty_slot(st.st_dev, st.st_ino, 1);
    if (d && from < d->from) d->from = from;
    pthread_mutex_unlock(&lock);
}

/* Writes the listing of a directory (inode and name per entry) as its durable state. */
static void record_dir(int fd, const struct stat *st) {
    char path[PATH_MAX], link[64], out[PATH_MAX], tmp[PATH_MAX];
    snprintf(link, sizeof(link), "/proc/self/fd/%d", fd);
    ssize_t n = readlink(link, path, sizeof(path) - 1);
    if (n < 0) return;
    path[n] = 0;
    DIR *d = opendir(path);
    if (!d) return;
    snprintf(out, sizeof(out), "%s/dir-%lu-%lu", shadow_dir, (unsigned long)st->st_dev, (unsigned long)st->st_ino);
    snprintf(tmp, sizeof(tmp), "%s.tmp.%d", out, (int)getpid());
    FILE *f = real_fopen(tmp, "w");
    if (!f) { closedir(d); return; }
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, "..")) continue;
        char type = e->d_type == DT_DIR ? 'd' : e->d_type == DT_REG ? 'f' : 'o';
        fprintf(f, "%lu\t%c\t%s\n", (unsigned long)e->d_ino, type, e->d_name);
    }
    closedir(d);
    real_fclose(f);
    rename(tmp, out);
}

/* Copies what can have changed since the last copy of this file into its shadow. */
static void record_file(int fd, const struct stat *st) {
    char shadow[PATH_MAX], link[64];
    snprintf(shadow, sizeof(shadow), "%s/ino-%lu-%lu", shadow_dir, (unsigned long)st->st_dev, (unsigned long)st->st_ino);
    snprintf(link, sizeof(link), "/proc/self/fd/%d", fd);
    int src = real_open(link, O_RDONLY);
    if (src < 0) return;
    int dst = real_open(shadow, O_RDWR | O_CREAT, 0644);
    if (dst < 0) { real_close(src); return; }
    struct stat sst;
    off_t from = 0;
    if (fstat(dst, &sst) == 0) from = sst.st_size;
    struct dirty *d = dirty_slot(st->st_dev, st->st_ino, 0);
    if (d && d->from < from) from = d->from;
    if (from > st->st_size) from = st->st_size;
    char buf[65536];
    off_t off = from;
    while (off < st->st_size) {
        ssize_t r = pread(src, buf, sizeof(buf), off);
        if (r <= 0) break;
        if (real_pwrite(dst, buf, (size_t)r, off) != r) break;
        off += r;
    }
    real_ftruncate(dst, st->st_size);
    if (d) d->from = LLONG_MAX;
    real_close(dst);
    real_close(src);
}

/* The durable-state bookkeeping after a successful sync of `fd`. */
static void after_sync(int fd) {
    struct stat st;
    if (fstat(fd, &st) != 0) return;
    pthread_mutex_lock(&lock);
    if (S_ISDIR(st.st_mode)) record_dir(fd, &st);
    else if (S_ISREG(st.st_mode)) record_file(fd, &st);
    pthread_mutex_unlock(&lock);
}

static int before_sync(int fd) {
    if (!is_tracked(fd)) return 0;
    if (ctl && ctl->magic == CONTROL_MAGIC && ctl->fsync_delay_ms > 0) {
        struct timespec ts = { ctl->fsync_delay_ms / 1000, (long)(ctl->fsync_delay_ms % 1000) * 1000000L };
        while (nanosleep(&ts, &ts) == -1 && errno == EINTR) {}
    }
    if (fault(&ctl->eio_fsync)) { errno = EIO; return -1; }
    return 0;
}

/* A write fault for `count` bytes: -1 (errno set) to fail, or the number of bytes to let through. */
static ssize_t write_limit(size_t count) {
    if (fault(&ctl->eio_write)) { errno = EIO; return -1; }
    if (fault(&ctl->enospc)) {
        size_t partial = ctl->partial_bytes > 0 ? (size_t)ctl->partial_bytes : 0;
        if (partial == 0 || count <= partial) { errno = ENOSPC; return -1; }
        return (ssize_t)partial;
    }
    return (ssize_t)count;
}

/*
 * A file this open created has a new inode; inode numbers are recycled, so a shadow left by an
 * older file with the same number (a manifest renamed over, say) must not stand for its content.
 */
static void forget_recycled_shadow(int fd) {
    struct stat st;
    if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) return;
    char shadow[PATH_MAX];
    snprintf(shadow, sizeof(shadow), "%s/ino-%lu-%lu", shadow_dir, (unsigned long)st.st_dev, (unsigned long)st.st_ino);
    pthread_mutex_lock(&lock);
    unlink(shadow);
    pthread_mutex_unlock(&lock);
    mark_dirty(fd, 0);
}

/* Whether `path` exists before an open that may create it (1 when the open cannot create). */
static int existed_before(int dirfd, const char *path, int creates) {
    return !creates || faccessat(dirfd, path, F_OK, AT_EACCESS) == 0;
}

static int open_common(int fd, int dirfd, const char *path, int flags, int existed) {
    if (fd >= 0 && under_data_dir(dirfd, path)) {
        track(fd);
        if (!existed) forget_recycled_shadow(fd);
        if (flags & O_TRUNC) mark_dirty(fd, 0);
    }
    return fd;
}

#define MODE_ARG(flags) mode_t mode = 0; if ((flags) & (O_CREAT | O_TMPFILE)) { va_list ap; va_start(ap, flags); mode = va_arg(ap, mode_t); va_end(ap); }

int open(const char *path, int flags, ...) { MODE_ARG(flags); int e = existed_before(AT_FDCWD, path, flags & O_CREAT); return open_common(real_open(path, flags, mode), AT_FDCWD, path, flags, e); }
int open64(const char *path, int flags, ...) { MODE_ARG(flags); int e = existed_before(AT_FDCWD, path, flags & O_CREAT); return open_common(real_open64(path, flags, mode), AT_FDCWD, path, flags, e); }
int openat(int dirfd, const char *path, int flags, ...) { MODE_ARG(flags); int e = existed_before(dirfd, path, flags & O_CREAT); return open_common(real_openat(dirfd, path, flags, mode), dirfd, path, flags, e); }
int openat64(int dirfd, const char *path, int flags, ...) { MODE_ARG(flags); int e = existed_before(dirfd, path, flags & O_CREAT); return open_common(real_openat64(dirfd, path, flags, mode), dirfd, path, flags, e); }
int creat(const char *path, mode_t mode) { int e = existed_before(AT_FDCWD, path, 1); return open_common(real_creat(path, mode), AT_FDCWD, path, O_CREAT | O_TRUNC, e); }
int creat64(const char *path, mode_t mode) { int e = existed_before(AT_FDCWD, path, 1); return open_common(real_creat64(path, mode), AT_FDCWD, path, O_CREAT | O_TRUNC, e); }

static FILE *fopen_common(FILE *f, const char *path, const char *mode, int existed) {
    if (f && under_data_dir(AT_FDCWD, path)) {
        track(fileno(f));
        if (!existed) forget_recycled_shadow(fileno(f));
        if (mode[0] == 'w') mark_dirty(fileno(f), 0);
    }
    return f;
}

FILE *fopen(const char *path, const char *mode) { int e = existed_before(AT_FDCWD, path, mode[0] != 'r'); return fopen_common(real_fopen(path, mode), path, mode, e); }
FILE *fopen64(const char *path, const char *mode) { int e = existed_before(AT_FDCWD, path, mode[0] != 'r'); return fopen_common(real_fopen64(path, mode), path, mode, e); }

ssize_t write(int fd, const void *buf, size_t count) {
    if (!is_tracked(fd)) return real_write(fd, buf, count);
    ssize_t limit = write_limit(count);
    if (limit < 0) return -1;
    /* When limit < count this is a short write, as a nearly full disk gives. */
    return real_write(fd, buf, (size_t)limit);
}

static ssize_t pwrite_common(ssize_t (*fn)(int, const void *, size_t, off_t), int fd, const void *buf, size_t count, off_t off) {
    if (!is_tracked(fd)) return fn(fd, buf, count, off);
    ssize_t limit = write_limit(count);
    if (limit < 0) return -1;
    mark_dirty(fd, off);
    return fn(fd, buf, (size_t)limit, off);
}

ssize_t pwrite(int fd, const void *buf, size_t count, off_t off) { return pwrite_common(real_pwrite, fd, buf, count, off); }
ssize_t pwrite64(int fd, const void *buf, size_t count, off_t off) { return pwrite_common(real_pwrite64, fd, buf, count, off); }

static size_t iov_total(const struct iovec *iov, int n) {
    size_t t = 0;
    for (int i = 0; i < n; i++) t += iov[i].iov_len;
    return t;
}

ssize_t writev(int fd, const struct iovec *iov, int iovcnt) {
    if (!is_tracked(fd)) return real_writev(fd, iov, iovcnt);
    size_t total = iov_total(iov, iovcnt);
    ssize_t limit = write_limit(total);
    if (limit < 0) return -1;
    if ((size_t)limit < total) return real_write(fd, iov[0].iov_base, (size_t)limit < iov[0].iov_len ? (size_t)limit : iov[0].iov_len);
    return real_writev(fd, iov, iovcnt);
}

ssize_t pwritev(int fd, const struct iovec *iov, int iovcnt, off_t off) {
    if (!is_tracked(fd)) return real_pwritev(fd, iov, iovcnt, off);
    size_t total = iov_total(iov, iovcnt);
    ssize_t limit = write_limit(total);
    if (limit < 0) return -1;
    mark_dirty(fd, off);
    /* A short write, as for writev: part of the first buffer only. */
    if ((size_t)limit < total) return real_pwrite(fd, iov[0].iov_base, (size_t)limit < iov[0].iov_len ? (size_t)limit : iov[0].iov_len, off);
    return real_pwritev(fd, iov, iovcnt, off);
}

size_t fwrite(const void *ptr, size_t size, size_t nmemb, FILE *f) {
    if (is_tracked(fileno(f))) {
        ssize_t limit = write_limit(size * nmemb);
        if (limit < (ssize_t)(size * nmemb)) {
            /* A short fwrite reports its error through errno, as stdio does: ENOSPC for a full disk. */
            if (limit >= 0) errno = ENOSPC;
            return 0;
        }
    }
    return real_fwrite(ptr, size, nmemb, f);
}

int fflush(FILE *f) {
    if (f && is_tracked(fileno(f)) && (fault(&ctl->enospc) || fault(&ctl->eio_write))) {
        errno = fault(&ctl->eio_write) ? EIO : ENOSPC;
        return EOF;
    }
    return real_fflush(f);
}

int fclose(FILE *f) {
    if (f) {
        int fd = fileno(f);
        if (fd >= 0 && fd < MAX_FDS) tracked[fd] = 0;
    }
    return real_fclose(f);
}

int fsync(int fd) {
    if (before_sync(fd) != 0) return -1;
    int r = real_fsync(fd);
    if (r == 0 && is_tracked(fd)) after_sync(fd);
    return r;
}

int fdatasync(int fd) {
    if (before_sync(fd) != 0) return -1;
    int r = real_fdatasync(fd);
    if (r == 0 && is_tracked(fd)) after_sync(fd);
    return r;
}

int sync_file_range(int fd, off64_t offset, off64_t nbytes, unsigned int flags) {
    /* Not a durability barrier (no metadata, no cache flush guarantee): pass through untracked. */
    return real_sync_file_range(fd, offset, nbytes, flags);
}

int ftruncate(int fd, off_t length) {
    if (is_tracked(fd)) mark_dirty(fd, length);
    return real_ftruncate(fd, length);
}

int ftruncate64(int fd, off64_t length) {
    if (is_tracked(fd)) mark_dirty(fd, length);
    return real_ftruncate64(fd, length);
}

int close(int fd) {
    if (fd >= 0 && fd < MAX_FDS) tracked[fd] = 0;
    return real_close(fd);
}
