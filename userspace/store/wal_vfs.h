/* A VFS over SQLite's default one that gathers the writes SQLite makes to the
 * WAL file into one write per run of adjacent bytes.
 *
 * SQLite writes each WAL frame as two writes (its 24-byte header, then the
 * page), so a group commit of 100 frames is 200 pwrite calls. On a virtual
 * machine a system call costs microseconds: a tenth of an interim update. Here
 * they are kept in memory and written as one before anything that could need
 * them on the file: a sync, a read, a size or truncate, a file control, a close.
 *
 * It relies on synchronous = FULL, which db_open sets: then SQLite syncs the WAL
 * at every commit before the wal-index (the database file's shared memory) names
 * the new frames to other connections, so they never look for frames that are
 * still here. Durability is unchanged: nothing was on disk before the sync either.
 *
 * The database and every other file pass straight through. */
#ifndef SPOTGATE_STORE_WAL_VFS_H
#define SPOTGATE_STORE_WAL_VFS_H

#include <stdint.h>

#define WAL_VFS_NAME "spotgate-wal"

/* Registers the VFS (not as the default) once; SQLITE_OK or an SQLite error. */
int wal_vfs_register(void);

/* What the WAL writes became, since the process started (for tests). */
struct wal_vfs_stats {
	uint64_t writes;	/* the writes SQLite made to WAL files */
	uint64_t flushes;	/* the writes that reached the file */
};
void wal_vfs_stats(struct wal_vfs_stats *out);

#endif
