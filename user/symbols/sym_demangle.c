// SPDX-License-Identifier: GPL-2.0
/*
 * Demangling through libiberty (libiberty-dev, a static archive): libdw
 * exports no demangler (eu-stack and eu-addr2line call libstdc++'s
 * __cxa_demangle), and __cxa_demangle knows neither Rust scheme, while
 * libiberty's cplus_demangle does C++, Rust legacy and Rust v0 in one
 * call, without linking the C++ runtime into the tool.
 */
#include <libiberty/demangle.h>
#include <stdlib.h>

#include "sym_demangle.h"

char *sym_demangle(const char *name)
{
	/* Cheap test first: most names of a C program are not mangled. */
	if (!name || name[0] != '_' || (name[1] != 'Z' && name[1] != 'R'))
		return NULL;
	return cplus_demangle(name, DMGL_PARAMS | DMGL_ANSI);
}
