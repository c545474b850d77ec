/* SPDX-License-Identifier: GPL-2.0 */
#ifndef FGPROF_USER_SYM_DEMANGLE_H
#define FGPROF_USER_SYM_DEMANGLE_H

/*
 * A symbol's readable name: C++ (Itanium "_Z..."), Rust legacy ("_ZN...
 * 17h<hash>E", hash dropped) and Rust v0 ("_R...") through libiberty's
 * cplus_demangle, with parameter lists. Returns a malloc'd string, or
 * NULL when name is not mangled (plain C) or does not demangle: the
 * caller keeps the raw name then.
 */
char *sym_demangle(const char *name);

#endif
