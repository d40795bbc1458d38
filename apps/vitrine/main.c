/* The `vitrine` command: parses arguments and calls the library. */
#include "commands.h"
#include "vitrine/vitrine.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

void vt_app_error(const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    fputs("vitrine: ", stderr);
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
    va_end(ap);
}

static void usage(FILE *f) {
    fputs("usage: vitrine COMMAND [ARGS]\n"
          "  store [STORE.json] [...]       walk a store (no file: the demo store)\n"
          "  view FILE                      open a model in a window\n"
          "  render FILE -o OUT.png [...]   render a model headless\n"
          "  info FILE [--json]             what a model contains\n"
          "  validate FILE [--profile web|mobile|planner] [--json]\n"
          "                                 check a model against 3D Commerce targets\n"
          "  body BODY.json -o OUT.glb [--json]   a mannequin from body measurements\n"
          "  fit --body BODY.json --garment GARMENT.json [...]\n"
          "                                 drape a garment on a body, advise a size\n"
          "Run `vitrine COMMAND --help` for a command's options.\n",
          f);
}

int main(int argc, char **argv) {
    if (argc < 2) {
        usage(stderr);
        return 2;
    }
    const char *cmd = argv[1];
    if (!strcmp(cmd, "--help") || !strcmp(cmd, "-h") || !strcmp(cmd, "help")) {
        usage(stdout);
        return 0;
    }
    static const struct {
        const char *name;
        int (*fn)(int, char **);
    } cmds[] = {{"info", vt_cmd_info}, {"validate", vt_cmd_validate}, {"render", vt_cmd_render},
                {"view", vt_cmd_view}, {"body", vt_cmd_body},         {"store", vt_cmd_store},
                {"fit", vt_cmd_fit}};
    for (size_t i = 0; i < sizeof cmds / sizeof cmds[0]; i++)
        if (!strcmp(cmd, cmds[i].name)) return cmds[i].fn(argc - 1, argv + 1);
    vt_app_error("unknown command '%s'", cmd);
    usage(stderr);
    return 2;
}
