/* The shopper script: every action with its arguments, comments and blank
   lines, and each kind of mistake with "FILE:LINE: cause". */
#define _GNU_SOURCE
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "vitrine/core.h"
#include "vitrine/store.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static void every_action_parses(void **state) {
    (void)state;
    const char *text = "# a shopper's visit\n"
                       "\n"
                       "load\n"
                       "walk 1.5 -2   # to the table\n"
                       "look tee-organic\n"
                       "click tee-organic\r\n"
                       "variant tee-organic-navy\n"
                       "size XL\n"
                       "add\n"
                       "add 3\n"
                       "remove mug-glaze\n"
                       "   cart\n"
                       "checkout\n"
                       "back\n"
                       "wait 0.5\n"
                       "shot store-front_1\n"
                       "turn -90\n"
                       "point 640 360\n"
                       "tap 10 20\n"
                       "size  EU   42 # a label with a space\n";
    vt_script *s = NULL;
    assert_int_equal(vt_script_parse("visit.txt", text, &s), VT_OK);
    assert_string_equal(s->path, "visit.txt");
    assert_int_equal(s->action_count, 18);
    assert_int_equal(s->actions[17].kind, VT_ACTION_SIZE);
    assert_string_equal(s->actions[17].arg, "EU 42");
    const vt_action *a = s->actions;
    assert_int_equal(a[0].kind, VT_ACTION_LOAD);
    assert_int_equal(a[0].line, 3);
    assert_int_equal(a[1].kind, VT_ACTION_WALK);
    assert_float_equal(a[1].x, 1.5f, 0);
    assert_float_equal(a[1].y, -2.0f, 0);
    assert_int_equal(a[2].kind, VT_ACTION_LOOK);
    assert_string_equal(a[2].arg, "tee-organic");
    assert_int_equal(a[3].kind, VT_ACTION_CLICK);
    assert_string_equal(a[3].arg, "tee-organic");
    assert_int_equal(a[4].kind, VT_ACTION_VARIANT);
    assert_string_equal(a[4].arg, "tee-organic-navy");
    assert_int_equal(a[5].kind, VT_ACTION_SIZE);
    assert_string_equal(a[5].arg, "XL");
    assert_int_equal(a[6].kind, VT_ACTION_ADD);
    assert_float_equal(a[6].x, 1, 0);
    assert_float_equal(a[7].x, 3, 0);
    assert_int_equal(a[8].kind, VT_ACTION_REMOVE);
    assert_string_equal(a[8].arg, "mug-glaze");
    assert_int_equal(a[9].kind, VT_ACTION_CART);
    assert_int_equal(a[9].line, 12);
    assert_int_equal(a[10].kind, VT_ACTION_CHECKOUT);
    assert_int_equal(a[11].kind, VT_ACTION_BACK);
    assert_int_equal(a[12].kind, VT_ACTION_WAIT);
    assert_float_equal(a[12].x, 0.5f, 0);
    assert_int_equal(a[13].kind, VT_ACTION_SHOT);
    assert_string_equal(a[13].arg, "store-front_1");
    assert_int_equal(a[14].kind, VT_ACTION_TURN);
    assert_float_equal(a[14].x, -90, 0);
    assert_int_equal(a[15].kind, VT_ACTION_POINT);
    assert_float_equal(a[15].y, 360, 0);
    assert_int_equal(a[16].kind, VT_ACTION_TAP);
    assert_float_equal(a[16].x, 10, 0);
    assert_int_equal(a[16].line, 19);
    vt_script_free(s);
    assert_int_equal(vt_script_parse("empty", "\n# nothing\n\n", &s), VT_OK);
    assert_int_equal(s->action_count, 0);
    vt_script_free(s);
    vt_script_free(NULL);
}

static void bad(const char *text, vt_result want, const char *msg) {
    vt_script *s = (vt_script *)1;
    assert_int_equal(vt_script_parse("s.txt", text, &s), want);
    assert_null(s);
    assert_string_equal(vt_last_error(), msg);
}

static void mistakes_name_the_line(void **state) {
    (void)state;
    bad("walk 1 2\njump 3\n", VT_ERR_PARSE, "s.txt:2: unknown action 'jump'");
    bad("walk 1\n", VT_ERR_PARSE, "s.txt:1: walk: missing argument (usage: walk X Z)");
    bad("walk\n", VT_ERR_PARSE, "s.txt:1: walk: missing arguments (usage: walk X Z)");
    bad("\nlook a b\n", VT_ERR_PARSE, "s.txt:2: look: extra argument (usage: look ID)");
    bad("cart now\n", VT_ERR_PARSE, "s.txt:1: cart takes no argument, got 1");
    bad("walk 1 x\n", VT_ERR_PARSE, "s.txt:1: walk: 'x' is not a number");
    bad("wait nan\n", VT_ERR_PARSE, "s.txt:1: wait: 'nan' is not a number");
    bad("wait 1e999\n", VT_ERR_PARSE, "s.txt:1: wait: '1e999' is not a number");
    bad("wait 0x10\n", VT_ERR_PARSE, "s.txt:1: wait: '0x10' is not a number");
    bad("wait 601\n", VT_ERR_PARSE, "s.txt:1: wait: 601 is out of range [0, 600]");
    bad("add 0\n", VT_ERR_PARSE, "s.txt:1: add: 0 is out of range [1, 999]");
    bad("add 1.5\n", VT_ERR_PARSE, "s.txt:1: add: quantity 1.5 is not a whole number");
    bad("click tee/x\n", VT_ERR_PARSE, "s.txt:1: click: 'tee/x' is not an id");
    bad("size ABCDEFGHIJKLMNOP\n", VT_ERR_PARSE,
        "s.txt:1: size: label 'ABCDEFGHIJKLMNOP' is longer than 15 bytes");
    const char *shot_msg = "must be a plain file name (letters, digits, '.', '_', '-'; no '/', "
                           "no '..')";
    char want[256];
    snprintf(want, sizeof want, "s.txt:3: shot name '../etc' %s", shot_msg);
    bad("#\n\nshot ../etc\n", VT_ERR_PARSE, want);
    snprintf(want, sizeof want, "s.txt:1: shot name 'a/b' %s", shot_msg);
    bad("shot a/b\n", VT_ERR_PARSE, want);
    snprintf(want, sizeof want, "s.txt:1: shot name 'a..b' %s", shot_msg);
    bad("shot a..b\n", VT_ERR_PARSE, want);
    snprintf(want, sizeof want, "s.txt:1: shot name '.hidden' %s", shot_msg);
    bad("shot .hidden\n", VT_ERR_PARSE, want);
    /* hostile bytes are shown escaped, never sent raw to a terminal */
    bad("\x1b[2Jrm\n", VT_ERR_PARSE, "s.txt:1: unknown action '\\x1B[2Jrm'");
    bad("look \xff\xfe\n", VT_ERR_PARSE, "s.txt:1: look: '\\xFF\\xFE' is not an id");
    bad("wait 1\x07\n", VT_ERR_PARSE, "s.txt:1: wait: '1\\x07' is not a number");
    bad("size \xe4\xb8\xad\x1b\xe4\xb8\xad\xe4\xb8\xad\xe4\xb8\xad\xe4\xb8\xad\n", VT_ERR_PARSE,
        "s.txt:1: size: label '\xe4\xb8\xad\\x1B\xe4\xb8\xad\xe4\xb8\xad\xe4\xb8\xad\xe4\xb8\xad' "
        "is longer than 15 "
        "bytes");
    char *longline = malloc(2000);
    memset(longline, 'a', 1999);
    longline[1999] = '\0';
    bad(longline, VT_ERR_LIMIT, "s.txt:1: line longer than 1024 bytes");
    free(longline);
}

static void scripts_load_from_files(void **state) {
    (void)state;
    char path[] = "/tmp/vt_script_XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    const char *text = "walk 0 1\nshot front\n";
    assert_int_equal(write(fd, text, strlen(text)), (ssize_t)strlen(text));
    close(fd);
    vt_script *s;
    assert_int_equal(vt_script_load(path, &s), VT_OK);
    assert_int_equal(s->action_count, 2);
    assert_string_equal(s->path, path);
    vt_script_free(s);
    assert_int_equal(vt_file_write(path, "walk 0 1\nfly\n", 13), VT_OK);
    assert_int_equal(vt_script_load(path, &s), VT_ERR_PARSE);
    char want[128];
    snprintf(want, sizeof want, "%s:2: unknown action 'fly'", path);
    assert_string_equal(vt_last_error(), want);
    unlink(path);
    assert_int_equal(vt_script_load(path, &s), VT_ERR_IO);
}

/* Random bytes in a script: parsed or refused with "s.txt:LINE: ...", never a crash. */
static void mutated_scripts_never_crash(void **state) {
    (void)state;
    const char *base = "walk 1 2\nlook tee\nclick tee\nvariant v\nsize M\nadd 2\nshot a\n"
                       "wait 1\nturn 90\npoint 1 2\ntap 3 4\nload\n# c\n";
    size_t len = strlen(base);
    char buf[256];
    uint32_t seed = 99;
    const char alphabet[] = " \t\n#./-0123456789aenxz\xff\r";
    for (int iter = 0; iter < 3000; iter++) {
        memcpy(buf, base, len + 1);
        for (int e = 0; e < 1 + iter % 3; e++) {
            seed = seed * 1664525u + 1013904223u;
            size_t at = (seed >> 8) % len;
            seed = seed * 1664525u + 1013904223u;
            buf[at] = alphabet[(seed >> 8) % (sizeof alphabet - 1)];
        }
        vt_script *s = NULL;
        if (vt_script_parse("s.txt", buf, &s) == VT_OK) {
            for (uint32_t i = 0; i < s->action_count; i++)
                assert_true(s->actions[i].kind > VT_ACTION_NONE && s->actions[i].line > 0);
            vt_script_free(s);
        } else {
            assert_null(s);
            assert_memory_equal(vt_last_error(), "s.txt:", 6);
        }
    }
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(every_action_parses),
        cmocka_unit_test(mistakes_name_the_line),
        cmocka_unit_test(scripts_load_from_files),
        cmocka_unit_test(mutated_scripts_never_crash),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
