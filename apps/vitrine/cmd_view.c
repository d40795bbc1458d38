/* vitrine view */
#include "commands.h"

int vt_cmd_view(int argc, char **argv) {
    (void)argc;
    (void)argv;
    vt_app_error("view: not implemented yet");
    return 2;
}
