// SPDX-License-Identifier: GPL-2.0
/*
 * A known inline chain for tests/unit/test_sym_inline.c, which builds this
 * file itself (-O2 -g): chain_leaf is inlined into chain_mid, chain_mid
 * into chain_outer, so an address of chain_leaf's code reads
 *   chain_leaf (LEAF line) <- chain_mid (MID line) <- chain_outer (OUTER line)
 * The marker comments name the lines the test looks for. Built with
 * -DVARIANT, the functions move: the "rebuilt" binary of the tests.
 */
static volatile int sink;

#ifdef VARIANT
__attribute__((noinline)) int variant_pad(int x)
{
	int i;

	for (i = 0; i < x; i++)
		sink += i * 7 + sink / 3;
	return sink;
}
#endif

static inline __attribute__((always_inline)) int chain_leaf(int x)
{
	sink += x * 3;	/* LEAF */
	return sink;
}

static inline __attribute__((always_inline)) int chain_mid(int x)
{
	int r = chain_leaf(x + 1);	/* MID */

	sink ^= r;
	return r;
}

__attribute__((noinline)) int chain_outer(int x)
{
	int r = chain_mid(x);	/* OUTER */

	return r + 1;
}

int main(int argc, char **argv)
{
	(void)argv;
#ifdef VARIANT
	sink = variant_pad(argc);
#endif
	return chain_outer(argc) & 1;
}
