/* tests/unit/garment_pattern_test.c — pattern panels: every shipped kind and
   size measures its chart within 1% on the panels' own mesh boundary along
   the girth lines; panels, seams and the grid are consistent; the SVG names
   the lines; a garment wraps around a body without starting inside it. */
#define _DEFAULT_SOURCE /* mkdtemp */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include "vitrine/fit.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const char *const kinds[] = {"tshirt", "long_sleeve_shirt", "dress", "skirt", "trousers"};
static const uint32_t panel_counts[] = {4, 4, 2, 2, 4};
static const uint32_t seam_counts[] = {10, 10, 4, 2, 6};

static void load(const char *kind, vt_garment_spec *g) {
    char p[1024];
    const char *src = getenv("VT_SOURCE_DIR");
    snprintf(p, sizeof p, "%s/assets/garments/%s.json", src ? src : ".", kind);
    assert_int_equal(vt_garment_load_json(p, g), VT_OK);
}

static void every_size_measures_its_chart_within_one_percent(void **state) {
    (void)state;
    for (size_t k = 0; k < 5; k++) {
        vt_garment_spec spec;
        load(kinds[k], &spec);
        for (uint32_t s = 0; s < spec.size_count; s++) {
            vt_garment *g = NULL;
            assert_int_equal(vt_garment_build(&spec, s, NULL, &g), VT_OK);
            assert_int_equal(g->panel_count, panel_counts[k]);
            assert_int_equal(g->seam_count, seam_counts[k]);
            assert_string_equal(g->size, spec.sizes[s].name);
            for (int r = VT_REGION_CHEST; r <= VT_REGION_HIP; r++) {
                float want = spec.sizes[s].cm[r], got = vt_garment_measure(g, (vt_fit_region)r);
                if (want > 0 && fabsf(got - want) > 0.01f * want)
                    fail_msg("%s %s %s: %.2f cm on the panels, chart %.2f", kinds[k],
                             spec.sizes[s].name, vt_fit_region_name((vt_fit_region)r), got, want);
                if (want == 0) assert_float_equal(got, 0.0f, 0.0f);
            }
            vt_garment_free(g);
        }
    }
}

static void tshirt_mesh_is_about_the_asked_size_and_consistent(void **state) {
    (void)state;
    vt_garment_spec spec;
    load("tshirt", &spec);
    vt_garment *g = NULL;
    assert_int_equal(vt_garment_build(&spec, 2, NULL, &g), VT_OK);
    /* ~8000 asked; boundary rows add a few percent */
    assert_in_range(g->mesh.vertex_count, 7600, 9400);
    uint32_t v = 0, ix = 0;
    for (uint32_t p = 0; p < g->panel_count; p++) {
        const vt_panel *pn = &g->panels[p];
        assert_int_equal(pn->first_vertex, v);
        assert_int_equal(pn->vertex_count, (pn->grid_u + 1) * (pn->grid_v + 1));
        assert_int_equal(pn->first_index, ix);
        assert_int_equal(pn->index_count, pn->grid_u * pn->grid_v * 6);
        assert_int_equal(pn->outline_count, 2 * (pn->grid_u + pn->grid_v));
        v += pn->vertex_count;
        ix += pn->index_count;
    }
    assert_int_equal(v, g->mesh.vertex_count);
    assert_int_equal(ix, g->mesh.index_count);
    for (uint32_t i = 0; i < g->mesh.index_count; i++) assert_true(g->mesh.indices[i] < v);
    /* every rest triangle has positive area (no folded grid cells) */
    for (uint32_t t = 0; t < g->mesh.index_count; t += 3) {
        const uint32_t *q = g->mesh.indices + t;
        const float *r = g->rest;
        float ax = r[2 * q[1]] - r[2 * q[0]], ay = r[2 * q[1] + 1] - r[2 * q[0] + 1];
        float bx = r[2 * q[2]] - r[2 * q[0]], by = r[2 * q[2] + 1] - r[2 * q[0] + 1];
        assert_true(ax * by - ay * bx > 1e-6f);
    }
    /* seams join different panels' boundary vertices (the sleeve seam joins a
       sleeve to itself), with runs of similar length */
    for (uint32_t s = 0; s < g->seam_count; s++) {
        const vt_seam *sm = &g->seams[s];
        assert_true(sm->a_count >= 2 && sm->b_count >= 2);
        float la = 0, lb = 0;
        for (uint32_t k = 1; k < sm->a_count; k++) {
            uint32_t a = g->seam_vertices[sm->a_first + k],
                     b = g->seam_vertices[sm->a_first + k - 1];
            la += hypotf(g->rest[2 * a] - g->rest[2 * b], g->rest[2 * a + 1] - g->rest[2 * b + 1]);
        }
        for (uint32_t k = 1; k < sm->b_count; k++) {
            uint32_t a = g->seam_vertices[sm->b_first + k],
                     b = g->seam_vertices[sm->b_first + k - 1];
            lb += hypotf(g->rest[2 * a] - g->rest[2 * b], g->rest[2 * a + 1] - g->rest[2 * b + 1]);
        }
        /* a knit sleeve cap matches its armholes (bisection), sides match exactly */
        assert_float_equal(la, lb, 0.03f * fmaxf(la, lb));
    }
    /* the sleeve is as long as the chart says from cap top to cuff */
    const vt_panel *sl = &g->panels[2];
    float ylo = INFINITY, yhi = -INFINITY;
    for (uint32_t k = 0; k < sl->vertex_count; k++) {
        float y = g->rest[2 * (sl->first_vertex + k) + 1];
        ylo = fminf(ylo, y), yhi = fmaxf(yhi, y);
    }
    assert_float_equal((yhi - ylo) * 100, spec.sizes[2].cm[VT_REGION_SLEEVE], 0.01f);
    vt_garment_free(g);
}

static void bad_arguments_are_errors(void **state) {
    (void)state;
    vt_garment_spec spec;
    load("dress", &spec);
    vt_garment *g = (vt_garment *)&spec; /* must be reset to NULL */
    assert_int_equal(vt_garment_build(&spec, 6, NULL, &g), VT_ERR_INVALID);
    assert_null(g);
    assert_string_equal(vt_last_error(), "garment: size 6 of 6");
    assert_int_equal(vt_garment_build(&spec, 0, &(vt_garment_desc){.target_vertices = 10}, &g),
                     VT_ERR_INVALID);
    assert_string_equal(vt_last_error(), "garment: target_vertices 10 is outside 600..200000");
    vt_garment_free(NULL);
}

static void svg_shows_panels_seams_and_lines(void **state) {
    (void)state;
    char dir[] = "/tmp/vt_pattern_test_XXXXXX";
    assert_non_null(mkdtemp(dir));
    char path[256];
    snprintf(path, sizeof path, "%s/dress.svg", dir);
    vt_garment_spec spec;
    load("dress", &spec);
    vt_garment *g = NULL;
    assert_int_equal(vt_garment_build(&spec, 2, NULL, &g), VT_OK);
    assert_int_equal(vt_garment_write_svg(g, path), VT_OK);
    FILE *f = fopen(path, "rb");
    assert_non_null(f);
    static char text[1 << 20];
    size_t n = fread(text, 1, sizeof text - 1, f);
    text[n] = 0;
    fclose(f);
    assert_non_null(strstr(text, "<svg"));
    assert_non_null(strstr(text, "dress, size M"));
    assert_non_null(strstr(text, "<g id=\"front\">"));
    assert_non_null(strstr(text, "<g id=\"back\">"));
    /* each panel carries half the chart's girth at its lines */
    assert_non_null(strstr(text, ">chest 49.0 cm<"));
    assert_non_null(strstr(text, ">waist 41.0 cm<"));
    assert_non_null(strstr(text, ">hip 53.0 cm<"));
    assert_non_null(strstr(text, "</svg>"));
    char bad[300];
    snprintf(bad, sizeof bad, "%s/no/such/dir/x.svg", dir);
    assert_int_equal(vt_garment_write_svg(g, bad), VT_ERR_IO);
    vt_garment_free(g);
    remove(path);
    rmdir(dir);
}

static void arranged_garment_starts_outside_the_body(void **state) {
    (void)state;
    char p[1024];
    const char *src = getenv("VT_SOURCE_DIR");
    snprintf(p, sizeof p, "%s/assets/bodies/male-m.json", src ? src : ".");
    vt_body_measurements m;
    assert_int_equal(vt_body_load_json(p, &m), VT_OK);
    vt_body *body = NULL;
    assert_int_equal(vt_body_build(&m, &body), VT_OK);
    vt_garment_spec spec;
    load("tshirt", &spec);
    vt_garment *g = NULL;
    assert_int_equal(vt_garment_build(&spec, 2, &(vt_garment_desc){.target_vertices = 3000}, &g),
                     VT_OK);
    assert_int_equal(vt_garment_arrange(g, body), VT_OK);
    /* the front panel's centre lies in front of the chest, the back's behind */
    const vt_panel *front = &g->panels[0], *back = &g->panels[1];
    uint32_t cf =
        front->first_vertex + (front->grid_v / 2) * (front->grid_u + 1) + front->grid_u / 2;
    uint32_t cb = back->first_vertex + (back->grid_v / 2) * (back->grid_u + 1) + back->grid_u / 2;
    assert_true(g->mesh.positions[3 * cf + 2] > 0.08f);
    assert_true(g->mesh.positions[3 * cb + 2] < -0.08f);
    /* the hem hangs about a chart length below the neck base */
    float top = body->landmarks.neck_y, hem = g->mesh.positions[3 * front->first_vertex + 1];
    assert_float_equal(top + 0.05f - hem, spec.sizes[2].cm[VT_REGION_LENGTH] / 100, 0.02f);
    assert_non_null(g->mesh.normals);
    vt_garment_free(g);
    vt_body_free(body);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(every_size_measures_its_chart_within_one_percent),
        cmocka_unit_test(tshirt_mesh_is_about_the_asked_size_and_consistent),
        cmocka_unit_test(bad_arguments_are_errors),
        cmocka_unit_test(svg_shows_panels_seams_and_lines),
        cmocka_unit_test(arranged_garment_starts_outside_the_body),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
