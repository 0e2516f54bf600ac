/* Hand-written assembly for each architecture the tests build for. */
    .text
    .globl mix_twice
#if defined(__aarch64__)
    .type mix_twice, %function
mix_twice:
    add w0, w0, w0
    ret
#elif defined(__arm__)
    .type mix_twice, %function
mix_twice:
    add r0, r0, r0
    bx lr
#elif defined(__x86_64__)
    .type mix_twice, @function
mix_twice:
    leal (%rdi,%rdi), %eax
    ret
#else
#error "mix_twice has no assembly for this architecture"
#endif
    .section .note.GNU-stack,"",%progbits
