#include <sqlite3.h>

/// Turns off sqlite's memory statistics, which take a global mutex on every allocation. It must run
/// before sqlite initializes (before the first connection opens); afterwards it changes nothing.
static inline int tollgate_sqlite3_disable_memory_statistics(void) {
    return sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
}
