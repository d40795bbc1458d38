/* vitrine render */
#include "commands.h"

int vt_cmd_render(int argc, char **argv) {
    (void)argc;
    (void)argv;
    vt_app_error("render: not implemented yet");
    return 2;
}
