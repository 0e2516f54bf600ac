/* C with glibc's headers: formatting and string functions of the C library. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int mix_describe(char *buffer, int size, int value) {
    char word[16];
    strcpy(word, value % 2 == 0 ? "even" : "odd");
    return snprintf(buffer, (size_t) size, "%d is %s (long is %u bytes)", value, word, (unsigned) sizeof(long));
}

#ifdef MIX_NEW_GLIBC
/* arc4random came with glibc 2.36. */
unsigned int mix_random(void) { return arc4random(); }
#endif
