/* spotgated's heap: SQLite's page cache and the parsed-state caches grow into it
 * as guests log in (docs/architecture.md "Memory"). */
#ifndef SPOTGATE_COMMON_HEAP_H
#define SPOTGATE_COMMON_HEAP_H

#include <stddef.h>

/* Starts the process once more (same PID) with glibc's malloc on transparent huge
 * pages, unless GLIBC_TUNABLES is already set; returns when it is, or cannot be. */
void heap_on_huge_pages(char **argv);

/* Faults in the heap's next bytes now and keeps them for the caches to grow into,
 * so that a burst of logins does not wait on the kernel's page faults. */
void heap_fault_in(size_t bytes);

#endif
