/* The `vitrine` command: parses arguments and calls the library. */
#include "vitrine/vitrine.h"

#include <stdio.h>

int main(int argc, char **argv) {
    (void)argc;
    (void)argv;
    fprintf(stderr, "usage: vitrine COMMAND ...\n");
    return 2;
}
