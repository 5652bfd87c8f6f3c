#define _GNU_SOURCE
#include "sqlite_turns.h"

#include <pthread.h>
#include <sched.h>
#include <sqlite3.h>
#include <string.h>
#include <time.h>

// A file of this VFS: the default VFS's file follows it in the same allocation.
typedef struct TurnsFile {
    sqlite3_file base;
    sqlite3_file *real;
} TurnsFile;

static sqlite3_vfs turns_vfs;
static sqlite3_vfs *root_vfs;
static int registered = SQLITE_ERROR;
static pthread_once_t once = PTHREAD_ONCE_INIT;

static _Thread_local long long offer_interval;
static _Thread_local long long last_offer;
static _Thread_local long long offers;

static long long now_ns(void) {
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    return (long long)now.tv_sec * 1000000000LL + now.tv_nsec;
}

void tollgate_sqlite_turns_offer(long long interval_ns) {
    offer_interval = interval_ns;
    last_offer = now_ns();
}

long long tollgate_sqlite_turns_offers(void) { return offers; }

// Called before each read and write: offers the core if the thread has worked long enough.
static void take_turn(void) {
    if (offer_interval <= 0) return;
    long long now = now_ns();
    if (now - last_offer < offer_interval) return;
    sched_yield();
    offers += 1;
    last_offer = now_ns();
}

#define REAL(file) (((TurnsFile *)(file))->real)

static int turns_close(sqlite3_file *file) {
    return REAL(file)->pMethods->xClose(REAL(file));
}
static int turns_read(sqlite3_file *file, void *buffer, int amount, sqlite3_int64 offset) {
    take_turn();
    return REAL(file)->pMethods->xRead(REAL(file), buffer, amount, offset);
}
static int turns_write(sqlite3_file *file, const void *buffer, int amount, sqlite3_int64 offset) {
    take_turn();
    return REAL(file)->pMethods->xWrite(REAL(file), buffer, amount, offset);
}
static int turns_truncate(sqlite3_file *file, sqlite3_int64 size) {
    return REAL(file)->pMethods->xTruncate(REAL(file), size);
}
static int turns_sync(sqlite3_file *file, int flags) {
    return REAL(file)->pMethods->xSync(REAL(file), flags);
}
static int turns_file_size(sqlite3_file *file, sqlite3_int64 *size) {
    return REAL(file)->pMethods->xFileSize(REAL(file), size);
}
static int turns_lock(sqlite3_file *file, int lock) {
    return REAL(file)->pMethods->xLock(REAL(file), lock);
}
static int turns_unlock(sqlite3_file *file, int lock) {
    return REAL(file)->pMethods->xUnlock(REAL(file), lock);
}
static int turns_check_reserved_lock(sqlite3_file *file, int *out) {
    return REAL(file)->pMethods->xCheckReservedLock(REAL(file), out);
}
static int turns_file_control(sqlite3_file *file, int op, void *arg) {
    return REAL(file)->pMethods->xFileControl(REAL(file), op, arg);
}
static int turns_sector_size(sqlite3_file *file) {
    return REAL(file)->pMethods->xSectorSize(REAL(file));
}
static int turns_device_characteristics(sqlite3_file *file) {
    return REAL(file)->pMethods->xDeviceCharacteristics(REAL(file));
}
static int turns_shm_map(sqlite3_file *file, int region, int size, int extend, void volatile **out) {
    return REAL(file)->pMethods->xShmMap(REAL(file), region, size, extend, out);
}
static int turns_shm_lock(sqlite3_file *file, int offset, int n, int flags) {
    return REAL(file)->pMethods->xShmLock(REAL(file), offset, n, flags);
}
static void turns_shm_barrier(sqlite3_file *file) {
    REAL(file)->pMethods->xShmBarrier(REAL(file));
}
static int turns_shm_unmap(sqlite3_file *file, int delete_flag) {
    return REAL(file)->pMethods->xShmUnmap(REAL(file), delete_flag);
}
static int turns_fetch(sqlite3_file *file, sqlite3_int64 offset, int amount, void **out) {
    return REAL(file)->pMethods->xFetch(REAL(file), offset, amount, out);
}
static int turns_unfetch(sqlite3_file *file, sqlite3_int64 offset, void *page) {
    return REAL(file)->pMethods->xUnfetch(REAL(file), offset, page);
}

static const sqlite3_io_methods turns_methods = {
    3, turns_close, turns_read, turns_write, turns_truncate, turns_sync, turns_file_size, turns_lock,
    turns_unlock, turns_check_reserved_lock, turns_file_control, turns_sector_size,
    turns_device_characteristics, turns_shm_map, turns_shm_lock, turns_shm_barrier, turns_shm_unmap,
    turns_fetch, turns_unfetch,
};

static int turns_open(sqlite3_vfs *vfs, const char *name, sqlite3_file *file, int flags, int *out_flags) {
    (void)vfs;
    TurnsFile *turns = (TurnsFile *)file;
    turns->real = (sqlite3_file *)&turns[1];
    int result = root_vfs->xOpen(root_vfs, name, turns->real, flags, out_flags);
    // SQLite calls xClose only on a file whose methods are set; the default VFS leaves them unset
    // when it fails to open, and so must this one.
    file->pMethods = turns->real->pMethods && turns->real->pMethods->iVersion >= 3 ? &turns_methods : NULL;
    if (turns->real->pMethods && !file->pMethods) {
        // A default VFS older than this one's methods: keep its file as it is, unwrapped.
        turns->real->pMethods->xClose(turns->real);
        return SQLITE_CANTOPEN;
    }
    return result;
}

static void register_once(void) {
    root_vfs = sqlite3_vfs_find(NULL);
    if (!root_vfs) return;
    // The default VFS's functions other than xOpen work unchanged for files of this one.
    memcpy(&turns_vfs, root_vfs, sizeof(turns_vfs));
    turns_vfs.pNext = NULL;
    turns_vfs.zName = TOLLGATE_SQLITE_TURNS_VFS;
    turns_vfs.szOsFile = (int)sizeof(TurnsFile) + root_vfs->szOsFile;
    turns_vfs.xOpen = turns_open;
    registered = sqlite3_vfs_register(&turns_vfs, 0);
}

int tollgate_sqlite_turns_register(void) {
    pthread_once(&once, register_once);
    return registered;
}
