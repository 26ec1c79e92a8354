/* The heap faulted in at start: the bytes are resident before anyone asks for them,
 * later allocations take them without faulting again, and blocks of a savepoint
 * journal's size come from the heap, not from a fresh mmap each. Under AddressSanitizer
 * malloc is its own: there the test only shows every write stays in bounds. */
#include <malloc.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "common/heap.h"

#define MIB (1u << 20)

static size_t resident(void)
{
	unsigned long size = 0, pages = 0;
	FILE *f = fopen("/proc/self/statm", "r");

	assert_non_null(f);
	assert_int_equal(fscanf(f, "%lu %lu", &size, &pages), 2);
	fclose(f);
	return pages * (size_t)sysconf(_SC_PAGESIZE);
}

/* page-sized pieces into every slot of out (size bytes of pointers), each written */
static void take(void **out, size_t size)
{
	for (size_t i = 0; i < size / sizeof(*out); i++) {
		out[i] = malloc(4096);
		assert_non_null(out[i]);
		memset(out[i], 0x5a, 4096);
	}
}

#ifdef __SANITIZE_ADDRESS__
enum { GLIBC_MALLOC = 0 };
#else
enum { GLIBC_MALLOC = 1 };
#endif

static void test_fault_in_then_take_it(void **state)
{
	static void *pieces[24 * MIB / 4096], *more[16 * MIB / 4096];
	size_t before = resident(), after;
	struct mallinfo2 m0;
	void *block;

	(void)state;
	heap_fault_in(32 * MIB);
	after = resident();
	if (GLIBC_MALLOC)
		assert_true(after >= before + 32 * MIB);
	take(pieces, sizeof(pieces));
	/* 24 MiB taken and written: hardly more resident than right after */
	if (GLIBC_MALLOC)
		assert_true(resident() < after + 2 * MIB);

	/* the faulted-in part used up, a 1 MiB block (a savepoint journal's most) grows
	 * the heap rather than being an mmap of its own, faulted in on every use */
	take(more, sizeof(more));
	m0 = mallinfo2();
	block = malloc(MIB);
	assert_non_null(block);
	memset(block, 1, MIB);
	if (GLIBC_MALLOC)
		assert_int_equal(mallinfo2().hblks, m0.hblks);
	free(block);
	for (size_t i = 0; i < sizeof(more) / sizeof(more[0]); i++)
		free(more[i]);
	for (size_t i = 0; i < sizeof(pieces) / sizeof(pieces[0]); i++)
		free(pieces[i]);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_fault_in_then_take_it),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
