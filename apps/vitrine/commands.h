/* The subcommands of `vitrine`. Each takes the arguments after its name
   (argv[0] is the subcommand) and returns the process exit code:
   0 success, 1 a check failed (validate), 2 bad arguments or unreadable input. */
#ifndef VT_APP_COMMANDS_H
#define VT_APP_COMMANDS_H

int vt_cmd_info(int argc, char **argv);
int vt_cmd_validate(int argc, char **argv);
int vt_cmd_render(int argc, char **argv);
int vt_cmd_view(int argc, char **argv);
int vt_cmd_body(int argc, char **argv);
int vt_cmd_store(int argc, char **argv);
int vt_cmd_fit(int argc, char **argv);

/* Prints "vitrine: <message>" on stderr. */
void vt_app_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#endif
