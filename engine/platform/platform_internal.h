/* engine/platform/platform_internal.h — shared by the platform files. */
#ifndef VT_PLATFORM_INTERNAL_H
#define VT_PLATFORM_INTERNAL_H

/* Keeps the loaded GL driver libraries in memory until exit. Mesa unloads its
   driver when a display is terminated; LeakSanitizer then cannot name the module
   holding the driver's process-lifetime allocations, and its suppressions (which
   list third-party libraries only) cannot match them. Costs nothing else: the
   driver would be loaded again by the next context anyway. */
void vt__platform_pin_gl_driver(void);

#endif
