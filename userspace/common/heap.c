#include "common/heap.h"

#include <limits.h>
#include <malloc.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* On 4 KiB pages the kernel faults on every page the caches grow into: about a
 * tenth of a voucher's first use on a virtual machine. glibc's malloc asks for
 * transparent huge pages, 2 MiB at a time, when its environment says so, and reads
 * that only at start. */
void heap_on_huge_pages(char **argv)
{
	if (getenv("GLIBC_TUNABLES") || setenv("GLIBC_TUNABLES", "glibc.malloc.hugetlb=1", 1) != 0)
		return;
	execv("/proc/self/exe", argv);
	unsetenv("GLIBC_TUNABLES");	/* could not: go on as started */
}

/* Huge pages or not, each fresh page is still zeroed by the kernel when first
 * touched (and on a virtual machine backed by the host then), a fifth of a
 * voucher's first use while the caches grow. So the heap grows by bytes here, at
 * start, in pieces the size of a cached page, every byte written, and they go back to
 * malloc: the pieces join the heap's free top, which glibc keeps as long as it is
 * below the trim threshold. Setting that threshold also stops glibc raising its
 * mmap threshold (128 KiB) as it otherwise does: once the faulted-in part is used
 * up, every larger block (a savepoint's journal of up to 1 MiB) would be a fresh
 * mmap, faulted in on every use. So that one is set too, to the most glibc would
 * raise it to. */
void heap_fault_in(size_t bytes)
{
	enum { PIECE = 4096 };
	size_t n = bytes / PIECE, i;
	void **piece;

	mallopt(M_MMAP_THRESHOLD, 32 << 20);
	mallopt(M_TRIM_THRESHOLD, 2 * bytes < INT_MAX ? (int)(2 * bytes) : INT_MAX);
	piece = malloc(n * sizeof(*piece));
	if (!piece)
		return;
	for (i = 0; i < n && (piece[i] = malloc(PIECE)) != NULL; i++)
		explicit_bzero(piece[i], PIECE);	/* a plain memset may be optimized away */
	while (i-- > 0)
		free(piece[i]);
	free(piece);
}
