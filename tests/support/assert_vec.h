/* tests/support/assert_vec.h — vector assertions shared by the unit tests.
   Include after <cmocka.h>. Macros, so that a failure names the caller's line. */
#ifndef VT_ASSERT_VEC_H
#define VT_ASSERT_VEC_H

/* Each of v[0], v[1], v[2] within tol of x, y, z. */
#define assert_vec3_near(v, x, y, z, tol)                                                          \
    do {                                                                                           \
        assert_float_equal((v)[0], (x), (tol));                                                    \
        assert_float_equal((v)[1], (y), (tol));                                                    \
        assert_float_equal((v)[2], (z), (tol));                                                    \
    } while (0)

#endif
