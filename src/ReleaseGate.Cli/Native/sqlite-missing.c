/*
 * Linked into the Native AOT executable together with the system's static SQLite (libsqlite3.a), so that SQLite is
 * inside the one executable instead of in a libe_sqlite3 library beside it.
 *
 * SQLitePCLRaw's e_sqlite3 provider imports every function it wraps. Bound directly at link time (DirectPInvoke), each
 * import must resolve, but a stock SQLite build leaves out encryption (sqlite3_key and friends, SQLCipher only) and
 * snapshots (SQLITE_ENABLE_SNAPSHOT). ReleaseGate uses neither; with the dynamically loaded e_sqlite3 they fail when
 * called, and here they fail too: each returns SQLITE_ERROR.
 */
#define SQLITE_ERROR 1

typedef struct sqlite3 sqlite3;
typedef struct sqlite3_snapshot sqlite3_snapshot;

int sqlite3_key(sqlite3 *db, const void *key, int n) { (void)db; (void)key; (void)n; return SQLITE_ERROR; }
int sqlite3_key_v2(sqlite3 *db, const char *name, const void *key, int n) { (void)db; (void)name; (void)key; (void)n; return SQLITE_ERROR; }
int sqlite3_rekey(sqlite3 *db, const void *key, int n) { (void)db; (void)key; (void)n; return SQLITE_ERROR; }
int sqlite3_rekey_v2(sqlite3 *db, const char *name, const void *key, int n) { (void)db; (void)name; (void)key; (void)n; return SQLITE_ERROR; }
int sqlite3_snapshot_get(sqlite3 *db, const char *schema, sqlite3_snapshot **out) { (void)db; (void)schema; if (out) { *out = 0; } return SQLITE_ERROR; }
int sqlite3_snapshot_open(sqlite3 *db, const char *schema, sqlite3_snapshot *s) { (void)db; (void)schema; (void)s; return SQLITE_ERROR; }
int sqlite3_snapshot_recover(sqlite3 *db, const char *schema) { (void)db; (void)schema; return SQLITE_ERROR; }
int sqlite3_snapshot_cmp(sqlite3_snapshot *a, sqlite3_snapshot *b) { (void)a; (void)b; return 0; }
void sqlite3_snapshot_free(sqlite3_snapshot *s) { (void)s; }
