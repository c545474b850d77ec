/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Hand-written CFI for tests/unit/test_cfi.c: each function's rows are
 * known byte for byte (the test checks them against symbol + offset).
 * Never called; linked into the test's cfi_chain program.
 */
	.text

/* push, push, sub / add, pop, pop: rsp+8, 16, 24, 64, 24, 16, 8. */
	.p2align 4
	.globl cfi_leaf
	.type cfi_leaf, @function
cfi_leaf:
	.cfi_startproc
	push %rbx			/* +0 */
	.cfi_def_cfa_offset 16
	.cfi_offset %rbx, -16
	push %rbp			/* +1 */
	.cfi_def_cfa_offset 24
	.cfi_offset %rbp, -24
	sub $40, %rsp			/* +2, 4 bytes */
	.cfi_def_cfa_offset 64
	nop				/* +6 */
	add $40, %rsp			/* +7, 4 bytes */
	.cfi_def_cfa_offset 24
	pop %rbp			/* +11 */
	.cfi_restore %rbp
	.cfi_def_cfa_offset 16
	pop %rbx			/* +12 */
	.cfi_restore %rbx
	.cfi_def_cfa_offset 8
	ret				/* +13 */
	.cfi_endproc
	.size cfi_leaf, .-cfi_leaf

/* A frame pointer: rsp+8, rsp+16 rbp=c-16, rbp+16 rbp=c-16, rsp+8. */
	.p2align 4
	.globl cfi_fp
	.type cfi_fp, @function
cfi_fp:
	.cfi_startproc
	push %rbp			/* +0 */
	.cfi_def_cfa_offset 16
	.cfi_offset %rbp, -16
	mov %rsp, %rbp			/* +1, 3 bytes */
	.cfi_def_cfa_register %rbp
	nop				/* +4 */
	leave				/* +5 */
	.cfi_def_cfa %rsp, 8
	ret				/* +6 */
	.cfi_endproc
	.size cfi_fp, .-cfi_fp

/* No CFI at all: a gap, an explicit "none" row. */
	.p2align 4
	.globl cfi_nocfi
	.type cfi_nocfi, @function
cfi_nocfi:
	nop
	ret
	.size cfi_nocfi, .-cfi_nocfi

/* A frame too big for a row's 16-bit offset: unsupported (range). */
	.p2align 4
	.globl cfi_big
	.type cfi_big, @function
cfi_big:
	.cfi_startproc
	sub $0x20000, %rsp		/* +0, 7 bytes */
	.cfi_def_cfa_offset 0x20008
	add $0x20000, %rsp		/* +7 */
	.cfi_def_cfa_offset 8
	ret				/* +14 */
	.cfi_endproc
	.size cfi_big, .-cfi_big

/* CFA = *(rsp + 8): a DWARF expression, unsupported. */
	.p2align 4
	.globl cfi_expr
	.type cfi_expr, @function
cfi_expr:
	.cfi_startproc
	nop				/* +0 */
	.cfi_escape 0x0f, 0x03, 0x77, 0x08, 0x06
	nop				/* +1 */
	ret
	.cfi_endproc
	.size cfi_expr, .-cfi_expr

/* CFA = r10 + 0 (stack realignment): unsupported (cfa register). */
	.p2align 4
	.globl cfi_r10
	.type cfi_r10, @function
cfi_r10:
	.cfi_startproc
	lea 8(%rsp), %r10		/* +0, 5 bytes */
	.cfi_def_cfa %r10, 0
	nop				/* +5 */
	ret
	.cfi_endproc
	.size cfi_r10, .-cfi_r10

/* The return address undefined: the outermost frame. */
	.p2align 4
	.globl cfi_outer
	.type cfi_outer, @function
cfi_outer:
	.cfi_startproc
	.cfi_undefined %rip
	nop
	ret
	.cfi_endproc
	.size cfi_outer, .-cfi_outer

/* A signal frame ('S' augmentation): unsupported (signal). */
	.p2align 4
	.globl cfi_sig
	.type cfi_sig, @function
cfi_sig:
	.cfi_startproc
	.cfi_signal_frame
	nop
	ret
	.cfi_endproc
	.size cfi_sig, .-cfi_sig

/*
 * Two lazy-PLT-like entries with binutils' .plt CFA expression:
 * rsp+8 up to byte 11 of each 16, rsp+16 after.
 */
	.p2align 4
	.globl cfi_plt
	.type cfi_plt, @function
cfi_plt:
	.cfi_startproc
	.cfi_escape 0x0f, 0x0b, 0x77, 0x08, 0x80, 0x00, 0x3f, 0x1a, 0x3b, 0x2a, 0x33, 0x24, 0x22
	.fill 32, 1, 0x90
	.cfi_endproc
	.size cfi_plt, .-cfi_plt

	.section .note.GNU-stack, "", @progbits
