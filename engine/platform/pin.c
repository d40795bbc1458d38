/* See platform_internal.h: pin the GL driver's shared objects (RTLD_NODELETE). */
#include "platform_internal.h"

#include <dlfcn.h>
#include <link.h>
#include <string.h>

static int pin_module(struct dl_phdr_info *info, size_t size, void *data) {
    (void)size;
    (void)data;
    const char *n = info->dlpi_name;
    if (n && (strstr(n, "_dri.so") || strstr(n, "libgallium") || strstr(n, "libLLVM")))
        dlopen(n, RTLD_NOW | RTLD_NOLOAD | RTLD_NODELETE);
    return 0;
}

void vt__platform_pin_gl_driver(void) {
    dl_iterate_phdr(pin_module, NULL);
}
