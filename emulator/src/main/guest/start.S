/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Common entry for the C guest programs: announce the stage (STAGE_ID, set by the build with
 * -DSTAGE_ID=n), switch to the stack inside the blob, call guest_main(RSI on entry).
 */
    .section .text.start, "ax"
    .globl _start
_start:
    mov     %rsi, %rbx              /* the incoming argument (boot_params for the entry stub) */
    mov     $1, %eax                /* HC_STAGE */
    mov     $STAGE_ID, %edi
    lea     _start(%rip), %rsi
    int     $0x81
    lea     guest_stack_top(%rip), %rsp
    mov     %rbx, %rdi
    call    guest_main
1:  hlt
    jmp     1b

    .section .bss
    .balign 16
    .globl guest_stack_top
guest_stack:
    .skip   4096
guest_stack_top:

    .section .note.GNU-stack, "", @progbits
