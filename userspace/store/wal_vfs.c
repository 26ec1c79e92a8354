#include "store/wal_vfs.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include <sqlite3.h>

/* Largest run kept in memory: a big commit is still a few writes, and no WAL
 * holds a buffer bigger than this. */
#define WAL_BUF_MAX (1024 * 1024)
/* Bytes per write to the file: the default VFS takes less than 128 KiB in one
 * write (it masks the length with 0x1ffff). */
#define WAL_WRITE_MAX (120 * 1024)

struct wal_file {
	sqlite3_file base;	/* pMethods = &wal_methods */
	sqlite3_file *real;	/* the default VFS's file, right after this struct */
	unsigned char *buf;	/* NULL for every file but a WAL */
	size_t len;
	sqlite3_int64 off;	/* where buf[0] belongs in the file */
};

static sqlite3_vfs *parent;
static sqlite3_vfs wal_vfs;
static struct wal_vfs_stats stats;

/* len bytes to the file at off, in writes the default VFS takes whole */
static int write_out(struct wal_file *f, const unsigned char *data, size_t len, sqlite3_int64 off)
{
	int rc = SQLITE_OK;

	for (size_t done = 0, n; done < len && rc == SQLITE_OK; done += n) {
		n = len - done < WAL_WRITE_MAX ? len - done : WAL_WRITE_MAX;
		rc = f->real->pMethods->xWrite(f->real, data + done, (int)n, off + (sqlite3_int64)done);
		__atomic_add_fetch(&stats.flushes, 1, __ATOMIC_RELAXED);
	}
	return rc;
}

static int flush(struct wal_file *f)
{
	int rc = write_out(f, f->buf, f->len, f->off);

	f->len = 0;
	return rc;
}

static int w_write(sqlite3_file *file, const void *data, int amt, sqlite3_int64 off)
{
	struct wal_file *f = (struct wal_file *)file;
	int rc;

	if (!f->buf)
		return f->real->pMethods->xWrite(f->real, data, amt, off);
	__atomic_add_fetch(&stats.writes, 1, __ATOMIC_RELAXED);
	if (f->len && off == f->off + (sqlite3_int64)f->len && f->len + (size_t)amt <= WAL_BUF_MAX) {
		memcpy(f->buf + f->len, data, (size_t)amt);
		f->len += (size_t)amt;
		return SQLITE_OK;
	}
	if ((rc = flush(f)) != SQLITE_OK)
		return rc;
	if ((size_t)amt > WAL_BUF_MAX)
		return write_out(f, data, (size_t)amt, off);
	memcpy(f->buf, data, (size_t)amt);
	f->off = off;
	f->len = (size_t)amt;
	return SQLITE_OK;
}

static int w_close(sqlite3_file *file)
{
	struct wal_file *f = (struct wal_file *)file;
	int rc = flush(f), rc2 = f->real->pMethods->xClose(f->real);

	free(f->buf);
	f->buf = NULL;
	return rc != SQLITE_OK ? rc : rc2;
}

/* A method that may need the buffered bytes on the file writes them out first. */
#define FLUSHED(f) do { int frc_ = flush(f); if (frc_ != SQLITE_OK) return frc_; } while (0)

static int w_read(sqlite3_file *file, void *data, int amt, sqlite3_int64 off)
{
	struct wal_file *f = (struct wal_file *)file;

	FLUSHED(f);
	return f->real->pMethods->xRead(f->real, data, amt, off);
}

static int w_truncate(sqlite3_file *file, sqlite3_int64 size)
{
	struct wal_file *f = (struct wal_file *)file;

	FLUSHED(f);
	return f->real->pMethods->xTruncate(f->real, size);
}

static int w_sync(sqlite3_file *file, int flags)
{
	struct wal_file *f = (struct wal_file *)file;

	FLUSHED(f);
	return f->real->pMethods->xSync(f->real, flags);
}

static int w_file_size(sqlite3_file *file, sqlite3_int64 *size)
{
	struct wal_file *f = (struct wal_file *)file;

	FLUSHED(f);
	return f->real->pMethods->xFileSize(f->real, size);
}

static int w_lock(sqlite3_file *file, int lock)
{
	struct wal_file *f = (struct wal_file *)file;

	return f->real->pMethods->xLock(f->real, lock);
}

static int w_unlock(sqlite3_file *file, int lock)
{
	struct wal_file *f = (struct wal_file *)file;

	return f->real->pMethods->xUnlock(f->real, lock);
}

static int w_check_reserved(sqlite3_file *file, int *out)
{
	struct wal_file *f = (struct wal_file *)file;

	return f->real->pMethods->xCheckReservedLock(f->real, out);
}

static int w_file_control(sqlite3_file *file, int op, void *arg)
{
	struct wal_file *f = (struct wal_file *)file;

	FLUSHED(f);
	return f->real->pMethods->xFileControl(f->real, op, arg);
}

static int w_sector_size(sqlite3_file *file)
{
	struct wal_file *f = (struct wal_file *)file;

	return f->real->pMethods->xSectorSize(f->real);
}

static int w_device(sqlite3_file *file)
{
	struct wal_file *f = (struct wal_file *)file;

	return f->real->pMethods->xDeviceCharacteristics(f->real);
}

static int w_shm_map(sqlite3_file *file, int page, int size, int extend, void volatile **out)
{
	struct wal_file *f = (struct wal_file *)file;

	return f->real->pMethods->xShmMap(f->real, page, size, extend, out);
}

/* The wal-index is the database file's shared memory: nothing buffered there */
static int w_shm_lock(sqlite3_file *file, int offset, int n, int flags)
{
	struct wal_file *f = (struct wal_file *)file;

	return f->real->pMethods->xShmLock(f->real, offset, n, flags);
}

static void w_shm_barrier(sqlite3_file *file)
{
	struct wal_file *f = (struct wal_file *)file;

	f->real->pMethods->xShmBarrier(f->real);
}

static int w_shm_unmap(sqlite3_file *file, int del)
{
	struct wal_file *f = (struct wal_file *)file;

	return f->real->pMethods->xShmUnmap(f->real, del);
}

static int w_fetch(sqlite3_file *file, sqlite3_int64 off, int amt, void **out)
{
	struct wal_file *f = (struct wal_file *)file;

	FLUSHED(f);
	return f->real->pMethods->xFetch(f->real, off, amt, out);
}

static int w_unfetch(sqlite3_file *file, sqlite3_int64 off, void *p)
{
	struct wal_file *f = (struct wal_file *)file;

	return f->real->pMethods->xUnfetch(f->real, off, p);
}

static const sqlite3_io_methods wal_methods = {
	.iVersion = 3,
	.xClose = w_close,
	.xRead = w_read,
	.xWrite = w_write,
	.xTruncate = w_truncate,
	.xSync = w_sync,
	.xFileSize = w_file_size,
	.xLock = w_lock,
	.xUnlock = w_unlock,
	.xCheckReservedLock = w_check_reserved,
	.xFileControl = w_file_control,
	.xSectorSize = w_sector_size,
	.xDeviceCharacteristics = w_device,
	.xShmMap = w_shm_map,
	.xShmLock = w_shm_lock,
	.xShmBarrier = w_shm_barrier,
	.xShmUnmap = w_shm_unmap,
	.xFetch = w_fetch,
	.xUnfetch = w_unfetch,
};

static int v_open(sqlite3_vfs *vfs, const char *name, sqlite3_file *file, int flags, int *out_flags)
{
	struct wal_file *f = (struct wal_file *)file;
	int rc;

	(void)vfs;
	memset(f, 0, sizeof(*f));
	f->real = (sqlite3_file *)(f + 1);
	rc = parent->xOpen(parent, name, f->real, flags, out_flags);
	if (rc != SQLITE_OK) {
		if (f->real->pMethods)
			f->real->pMethods->xClose(f->real);
		return rc;
	}
	if (f->real->pMethods->iVersion < 3) {	/* no shared memory below, so no WAL: refuse */
		f->real->pMethods->xClose(f->real);
		return SQLITE_CANTOPEN;
	}
	if (flags & SQLITE_OPEN_WAL)
		f->buf = malloc(WAL_BUF_MAX);	/* none: every write goes straight through */
	f->base.pMethods = &wal_methods;
	return SQLITE_OK;
}

static int registered = SQLITE_ERROR;

static void register_once(void)
{
	parent = sqlite3_vfs_find(NULL);
	if (!parent)
		return;
	/* the default VFS's own methods do for everything but xOpen; it ignores the
	 * VFS it is called with except in xOpen, which is called with its own */
	wal_vfs = *parent;
	wal_vfs.pNext = NULL;
	wal_vfs.zName = WAL_VFS_NAME;
	wal_vfs.szOsFile = (int)sizeof(struct wal_file) + parent->szOsFile;
	wal_vfs.xOpen = v_open;
	registered = sqlite3_vfs_register(&wal_vfs, 0);
}

int wal_vfs_register(void)
{
	static pthread_once_t once = PTHREAD_ONCE_INIT;

	pthread_once(&once, register_once);
	return registered;
}

void wal_vfs_stats(struct wal_vfs_stats *out)
{
	out->writes = __atomic_load_n(&stats.writes, __ATOMIC_RELAXED);
	out->flushes = __atomic_load_n(&stats.flushes, __ATOMIC_RELAXED);
}
