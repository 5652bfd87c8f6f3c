#ifndef TOLLGATE_SQLITE_TURNS_H
#define TOLLGATE_SQLITE_TURNS_H

/// The name of a SQLite VFS that works like the default one and, on a thread that asked for it
/// (`tollgate_sqlite_turns_offer`), offers the core to other threads (`sched_yield`) between the
/// pages it reads and writes once it has worked for the given time without offering it. A commit
/// or a checkpoint is one call that may copy megabytes; with this VFS the thread making it still
/// lets the threads that answer requests run every so often.
#define TOLLGATE_SQLITE_TURNS_VFS "tollgate-turns"

/// Registers the VFS (not as the default); later calls do nothing. Returns an SQLite result code.
int tollgate_sqlite_turns_register(void);

/// On the calling thread, offers the core after every `interval_ns` nanoseconds of file work
/// through the VFS; 0 stops offering it.
void tollgate_sqlite_turns_offer(long long interval_ns);

/// How many times the calling thread offered its core through the VFS.
long long tollgate_sqlite_turns_offers(void);

#endif
