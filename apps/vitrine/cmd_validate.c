/* vitrine validate */
#include "commands.h"

int vt_cmd_validate(int argc, char **argv) {
    (void)argc;
    (void)argv;
    vt_app_error("validate: not implemented yet");
    return 2;
}
