/* vitrine info */
#include "commands.h"

int vt_cmd_info(int argc, char **argv) {
    (void)argc;
    (void)argv;
    vt_app_error("info: not implemented yet");
    return 2;
}
