/* The panels of one size as SVG for brands: outlines, seams coloured in
   pairs with a number at both ends of each pair, girth lines dashed with
   the panel's width along them. Units are millimetres (1 user unit = 1 mm)
   so the sheet prints to scale. */
#include "core/internal.h"
#include "fit/garment_internal.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const seam_colours[] = {"#d62728", "#1f77b4", "#2ca02c", "#9467bd", "#ff7f0e",
                                           "#17becf", "#e377c2", "#8c564b", "#bcbd22", "#7f7f7f"};

typedef struct sheet {
    float ox[MAX_PANELS + 16]; /* per panel: x offset (mm) and its minimum rest x */
    float minx[MAX_PANELS + 16];
    float top; /* highest rest y over all panels, m */
} sheet;

static void to_sheet(const vt_garment *g, const sheet *s, uint32_t v, float *x, float *y) {
    uint32_t p = g->panel_of[v];
    *x = s->ox[p] + (g->rest[2 * v] - s->minx[p]) * 1000;
    *y = 60 + (s->top - g->rest[2 * v + 1]) * 1000;
}

static void line_span(const vt_garment *g, const vt_panel *p, float line, float *lo, float *hi) {
    *lo = INFINITY, *hi = -INFINITY;
    for (uint32_t k = 0; k < p->outline_count; k++) {
        uint32_t a = g->outline[p->outline_first + k];
        uint32_t b = g->outline[p->outline_first + (k + 1) % p->outline_count];
        float ya = g->rest[2 * a + 1], yb = g->rest[2 * b + 1];
        if ((ya - line) * (yb - line) > 0 || ya == yb) {
            if (ya == line) *lo = fminf(*lo, g->rest[2 * a]), *hi = fmaxf(*hi, g->rest[2 * a]);
            continue;
        }
        float x = g->rest[2 * a] + (line - ya) / (yb - ya) * (g->rest[2 * b] - g->rest[2 * a]);
        *lo = fminf(*lo, x), *hi = fmaxf(*hi, x);
    }
}

vt_result vt_garment_write_svg(const vt_garment *g, const char *path) {
    VT_ASSERT(g && path);
    if (g->panel_count > MAX_PANELS + 16)
        return vt__fail(VT_ERR_LIMIT, "%s: too many panels", path);
    sheet s = {0};
    float x = 30, height = 0;
    for (uint32_t p = 0; p < g->panel_count; p++) {
        const vt_panel *pn = &g->panels[p];
        float lo = INFINITY, hi = -INFINITY, ylo = INFINITY, yhi = -INFINITY;
        for (uint32_t v = 0; v < pn->vertex_count; v++) {
            uint32_t id = pn->first_vertex + v;
            lo = fminf(lo, g->rest[2 * id]), hi = fmaxf(hi, g->rest[2 * id]);
            ylo = fminf(ylo, g->rest[2 * id + 1]), yhi = fmaxf(yhi, g->rest[2 * id + 1]);
        }
        s.ox[p] = x;
        s.minx[p] = lo;
        x += (hi - lo) * 1000 + 40;
        s.top = fmaxf(s.top, yhi);
        height = fmaxf(height, (yhi - ylo) * 1000);
    }
    FILE *f = fopen(path, "wb");
    if (!f) return vt__fail(VT_ERR_IO, "%s: cannot write", path);
    float W = x, Hh = height + 110;
    fprintf(f,
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
            "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%.0fmm\" height=\"%.0fmm\" "
            "viewBox=\"0 0 %.0f %.0f\" font-family=\"sans-serif\">\n"
            "<rect width=\"100%%\" height=\"100%%\" fill=\"white\"/>\n"
            "<text x=\"30\" y=\"30\" font-size=\"18\">%s, size %s: panels seen from outside, "
            "mm; coloured edges sew to the edge of the same colour and number</text>\n",
            (double)W, (double)Hh, (double)W, (double)Hh, vt_garment_kind_name(g->kind), g->size);
    for (uint32_t p = 0; p < g->panel_count; p++) {
        const vt_panel *pn = &g->panels[p];
        fprintf(f,
                "<g id=\"%s\">\n<polygon fill=\"#f4efe6\" stroke=\"black\" stroke-width=\"1\" "
                "points=\"",
                pn->name);
        for (uint32_t k = 0; k < pn->outline_count; k++) {
            float px, py;
            to_sheet(g, &s, g->outline[pn->outline_first + k], &px, &py);
            fprintf(f, "%s%.1f,%.1f", k ? " " : "", (double)px, (double)py);
        }
        fprintf(f, "\"/>\n");
        float cx, cy;
        uint32_t mid = pn->first_vertex + pn->vertex_count / 2;
        to_sheet(g, &s, mid, &cx, &cy);
        fprintf(f,
                "<text x=\"%.1f\" y=\"%.1f\" font-size=\"16\" text-anchor=\"middle\">%s</text>\n",
                (double)cx, (double)cy, pn->name);
        for (int r = 0; r < VT_REGION_COUNT; r++) {
            if (!pn->has_line[r]) continue;
            float lo, hi;
            line_span(g, pn, pn->line_y[r], &lo, &hi);
            if (!(hi > lo)) continue;
            float y = 60 + (s.top - pn->line_y[r]) * 1000;
            float x0 = s.ox[p] + (lo - s.minx[p]) * 1000, x1 = s.ox[p] + (hi - s.minx[p]) * 1000;
            fprintf(f,
                    "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#555\" "
                    "stroke-dasharray=\"8 5\"/>\n<text x=\"%.1f\" y=\"%.1f\" font-size=\"12\" "
                    "text-anchor=\"middle\">%s %.1f cm</text>\n",
                    (double)x0, (double)y, (double)x1, (double)y, (double)(0.5f * (x0 + x1)),
                    (double)(y - 4), vt_fit_region_name((vt_fit_region)r),
                    (double)((hi - lo) * 100));
        }
        fprintf(f, "</g>\n");
    }
    for (uint32_t q = 0; q < g->seam_count; q++) {
        const vt_seam *sm = &g->seams[q];
        const char *col = seam_colours[q % VT_COUNTOF(seam_colours)];
        for (int side = 0; side < 2; side++) {
            uint32_t first = side ? sm->b_first : sm->a_first, n = side ? sm->b_count : sm->a_count;
            fprintf(f, "<polyline fill=\"none\" stroke=\"%s\" stroke-width=\"4\" points=\"", col);
            for (uint32_t k = 0; k < n; k++) {
                float px, py;
                to_sheet(g, &s, g->seam_vertices[first + k], &px, &py);
                fprintf(f, "%s%.1f,%.1f", k ? " " : "", (double)px, (double)py);
            }
            float px, py;
            to_sheet(g, &s, g->seam_vertices[first + n / 2], &px, &py);
            fprintf(f, "\"/>\n<text x=\"%.1f\" y=\"%.1f\" font-size=\"14\" fill=\"%s\">%u</text>\n",
                    (double)(px + 6), (double)(py + 5), col, q + 1);
        }
    }
    fprintf(f, "</svg>\n");
    if (fclose(f) != 0) return vt__fail(VT_ERR_IO, "%s: cannot write", path);
    return VT_OK;
}
