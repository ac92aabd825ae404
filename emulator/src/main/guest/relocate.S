/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Relocation: runs from the kexec control page. RDI = the kimage list head (itself an entry),
 * RSI = where to jump afterwards (purgatory). Entries are page addresses with flags in the low
 * bits: 0x1 destination (sets the copy cursor), 0x2 indirection (continue reading entries from
 * that page), 0x4 done, 0x8 source (copy one page to the cursor, advance it by 4096).
 * Registers only: no stack, so nothing but this code has to fit in the control page.
 * Unlike the kernel's loop, an entry whose low 12 bits are not exactly one flag (or none), and
 * an IND_SOURCE before any IND_DESTINATION, stop with an error hypercall (a1 = the entry,
 * a2 = the slot it was read from, -8 for the list head) instead of copying somewhere.
 */
    .section .text.start, "ax"
    .globl _start
_start:
    mov     %rdi, %r12              /* list head */
    mov     %rsi, %r13              /* start address */
    mov     $1, %eax                /* HC_STAGE */
    xor     %edi, %edi              /* STAGE_RELOCATION */
    lea     _start(%rip), %rsi
    int     $0x81

    mov     %r12, %rbx              /* current entry */
    xor     %r8d, %r8d              /* where the next entry is read from */
    mov     $-1, %r9                /* destination cursor: none yet */
    jmp     .Lentry
.Lnext:
    mov     (%r8), %rbx
    add     $8, %r8
.Lentry:
    mov     %rbx, %rax
    and     $-4096, %rax
    mov     %ebx, %ecx
    and     $0xfff, %ecx            /* the flags */
    lea     -1(%rcx), %edx
    test    %edx, %ecx              /* more than one bit set */
    jnz     .Lbadflags
    cmp     $8, %ecx                /* one bit, but not a known flag */
    ja      .Lbadflags
    test    $1, %bl
    jnz     .Ldest
    test    $2, %bl
    jnz     .Lind
    test    $4, %bl
    jnz     .Ldone
    test    $8, %bl
    jz      .Lnext                  /* no flag: an empty slot, skip it */
    cmp     $-1, %r9
    je      .Lnodest
    mov     $64, %ecx               /* 64 x 64 bytes, unrolled by 8 qwords */
.Lcopy:
    mov     0(%rax), %r10
    mov     8(%rax), %r11
    mov     16(%rax), %rdx
    mov     24(%rax), %rsi
    mov     %r10, 0(%r9)
    mov     %r11, 8(%r9)
    mov     %rdx, 16(%r9)
    mov     %rsi, 24(%r9)
    mov     32(%rax), %r10
    mov     40(%rax), %r11
    mov     48(%rax), %rdx
    mov     56(%rax), %rsi
    mov     %r10, 32(%r9)
    mov     %r11, 40(%r9)
    mov     %rdx, 48(%r9)
    mov     %rsi, 56(%r9)
    add     $64, %rax
    add     $64, %r9
    dec     %ecx
    jnz     .Lcopy
    jmp     .Lnext
.Ldest:
    mov     %rax, %r9
    jmp     .Lnext
.Lind:
    mov     %rax, %r8
    jmp     .Lnext
.Ldone:
    jmp     *%r13
.Lnodest:
    mov     $0x301, %edi            /* ERR_RELOC_NO_DEST */
    jmp     .Lfail
.Lbadflags:
    mov     $0x302, %edi            /* ERR_RELOC_BAD_FLAGS */
.Lfail:
    mov     %rbx, %rsi
    lea     -8(%r8), %rdx
    mov     $3, %eax                /* HC_FAIL */
    int     $0x81
1:  hlt
    jmp     1b

    .section .note.GNU-stack, "", @progbits
