// SPDX-License-Identifier: GPL-2.0
// C++ names for tests/unit/test_sym_inline.c: an inlined method in a
// namespace, demangled with its parameters.
static volatile int sink;

namespace shapes {
struct Widget {
	int n;
	__attribute__((always_inline)) inline int poke(int x)
	{
		sink += x * n;	// POKE
		return sink;
	}
};

__attribute__((noinline)) int spin(Widget &w, int x)
{
	return w.poke(x) + 1;	// SPIN
}
}

int main(int argc, char **)
{
	shapes::Widget w{argc};

	return shapes::spin(w, argc) & 1;
}
