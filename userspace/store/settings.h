/* Run-time settings (the settings table). */
#ifndef SPOTGATE_STORE_SETTINGS_H
#define SPOTGATE_STORE_SETTINGS_H

#include <sqlite3.h>
#include <stddef.h>

/* Copies the value of key into buf; -ENOENT when unset. */
int settings_get(sqlite3 *db, const char *key, char *buf, size_t size);
int settings_set(sqlite3 *db, const char *key, const char *value);

#endif
