/* Pattern panels: each kind's flat panels drafted from one size of the
   chart, meshed as a Coons patch (four boundary curves, a structured grid
   inside), and the seams between panel edges. The girth lines are knots of
   the outline, so a panel's width along a line is the chart's exactly,
   up to the mesh's straight boundary segments. */
#include "core/internal.h"
#include "fit/garment_internal.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

static pt P(float x, float y) {
    return (pt){x, y};
}

static void seg_begin(pdef *d, int side, int tag) {
    VT_ASSERT(d->sides[side].nseg < MAX_SEGS);
    dseg *s = &d->sides[side].seg[d->sides[side].nseg++];
    s->n = 0;
    s->tag = tag;
}

static void seg_add(pdef *d, int side, pt p) {
    pside *sd = &d->sides[side];
    dseg *s = &sd->seg[sd->nseg - 1];
    VT_ASSERT(s->n < MAX_SEG_PTS);
    s->p[s->n++] = p;
}

/* A straight segment or a quadratic Bezier (c = control point), sampled. */
static void seg_line(pdef *d, int side, int tag, pt a, pt b) {
    seg_begin(d, side, tag);
    seg_add(d, side, a);
    seg_add(d, side, b);
}

static void seg_quad(pdef *d, int side, int tag, pt a, pt c, pt b) {
    seg_begin(d, side, tag);
    for (int i = 0; i <= 32; i++) {
        float t = (float)i / 32, s = 1 - t;
        seg_add(d, side,
                P(s * s * a.x + 2 * s * t * c.x + t * t * b.x,
                  s * s * a.y + 2 * s * t * c.y + t * t * b.y));
    }
}

static float poly_len(const pt *p, int n) {
    float l = 0;
    for (int i = 1; i < n; i++) l += hypotf(p[i].x - p[i - 1].x, p[i].y - p[i - 1].y);
    return l;
}

/* Mirror a right side (bottom to top, x > 0) into the left side. */
static void mirror_side(pdef *d, int from, int to) {
    d->sides[to] = d->sides[from];
    for (int k = 0; k < d->sides[to].nseg; k++)
        for (int i = 0; i < d->sides[to].seg[k].n; i++)
            d->sides[to].seg[k].p[i].x = -d->sides[to].seg[k].p[i].x;
}

/* ---- drafting ------------------------------------------------------------ */

typedef struct draft {
    float chest, waist, hip, length, sleeve; /* metres; girths full */
    bool has_waist, has_hip, has_sleeve;
} draft;

static float sz(const draft *f) {
    return sqrtf(f->chest > 0 ? f->chest : f->hip);
}

/* Front or back of a top or dress, seen from outside; y = 0 at the hem. The
   right side runs hem -> chest line -> underarm -> shoulder point; knots on
   the girth lines are segment ends. */
static void draft_bodice(pdef *d, const draft *f, bool front, bool sleeveless) {
    float H = f->length, s = sz(f);
    float ad = sleeveless ? f->chest / 4.6f : f->chest / 4.3f; /* HPS to underarm */
    float y_u = H - ad, y_chest = y_u - 0.025f;
    float y_waist = H - 0.43f * s, y_hip = H - 0.63f * s;
    float c4 = f->chest / 4;
    float sw = (sleeveless ? 0.34f : 0.44f) * f->chest, nw = 0.17f * f->chest;
    float slope = 0.045f * s, drop = front ? 0.085f * s : 0.02f * s;
    d->line_y[VT_REGION_CHEST] = y_chest;
    d->has_line[VT_REGION_CHEST] = true;
    /* knots from the hem up */
    pt k[6];
    int nk = 0;
    float hem = c4;
    if (f->has_hip && y_hip > 0.02f)
        hem = f->hip / 4 + 0.01f;
    else if (f->has_waist && y_waist > 0.02f)
        hem = fmaxf(f->waist / 4, c4 - 0.01f);
    if (!f->has_hip && !f->has_waist) hem = c4;
    k[nk++] = P(hem, 0);
    if (f->has_hip && y_hip > 0.02f) {
        k[nk++] = P(f->hip / 4, y_hip);
        d->line_y[VT_REGION_HIP] = y_hip;
        d->has_line[VT_REGION_HIP] = true;
    }
    if (f->has_waist && y_waist > 0.02f) {
        k[nk++] = P(f->waist / 4, y_waist);
        d->line_y[VT_REGION_WAIST] = y_waist;
        d->has_line[VT_REGION_WAIST] = true;
    }
    k[nk++] = P(c4, y_chest);
    k[nk++] = P(c4, y_u);
    for (int i = 0; i + 1 < nk; i++) seg_line(d, SIDE_RIGHT, TAG_SIDE, k[i], k[i + 1]);
    pt S = P(sw / 2, H - slope), N = P(nw / 2, H);
    seg_quad(d, SIDE_RIGHT, TAG_ARMHOLE, k[nk - 1], P(sw / 2, y_u), S);
    mirror_side(d, SIDE_RIGHT, SIDE_LEFT);
    seg_line(d, SIDE_BOTTOM, TAG_HEM, P(-hem, 0), P(hem, 0));
    seg_line(d, SIDE_TOP, TAG_SHOULDER, P(-S.x, S.y), P(-N.x, N.y));
    seg_quad(d, SIDE_TOP, TAG_NECK, P(-N.x, N.y), P(-N.x, H - drop), P(0, H - drop));
    seg_quad(d, SIDE_TOP, TAG_NECK, P(0, H - drop), P(N.x, H - drop), N);
    seg_line(d, SIDE_TOP, TAG_SHOULDER, N, S);
    d->height = H;
}

static float armhole_len(const pdef *d) {
    const pside *r = &d->sides[SIDE_RIGHT];
    return poly_len(r->seg[r->nseg - 1].p, r->seg[r->nseg - 1].n);
}

/* Cap of height h over width bw: a raised-cosine bell. */
static float cap_len(float bw, float h) {
    float l = 0, px = -bw / 2, py = 0;
    for (int i = 1; i <= 64; i++) {
        float x = -bw / 2 + bw * (float)i / 64;
        float y = h * (0.5f + 0.5f * cosf(2 * (float)M_PI * x / bw));
        l += hypotf(x - px, y - py);
        px = x, py = y;
    }
    return l;
}

/* A sleeve seen from outside, cap up: x > 0 is the half sewn to the front
   armhole. Its cap length matches the two armholes (knit: no cap ease). */
static void draft_sleeve(pdef *d, const draft *f, float armholes, bool long_sleeve) {
    float L = f->sleeve;
    float bw = 0.36f * f->chest;
    float lo = 0.01f, hi = fminf(0.25f, L * 0.8f);
    for (int it = 0; it < 40; it++) {
        float m = 0.5f * (lo + hi);
        if (cap_len(bw, m) < armholes)
            lo = m;
        else
            hi = m;
    }
    float ch = 0.5f * (lo + hi), yc = L - ch;
    float cw = long_sleeve ? 0.23f * f->chest : fmaxf(bw * 0.9f, 0.0f);
    if (yc < 0.03f) yc = 0.03f, ch = L - yc;
    seg_line(d, SIDE_BOTTOM, TAG_HEM, P(-cw / 2, 0), P(cw / 2, 0));
    seg_line(d, SIDE_RIGHT, TAG_SLEEVE_SEAM, P(cw / 2, 0), P(bw / 2, yc));
    seg_line(d, SIDE_LEFT, TAG_SLEEVE_SEAM, P(-cw / 2, 0), P(-bw / 2, yc));
    seg_begin(d, SIDE_TOP, TAG_CAP_BACK);
    for (int i = 0; i <= 32; i++) {
        float x = -bw / 2 + (bw / 2) * (float)i / 32;
        seg_add(d, SIDE_TOP, P(x, yc + ch * (0.5f + 0.5f * cosf(2 * (float)M_PI * x / bw))));
    }
    seg_begin(d, SIDE_TOP, TAG_CAP_FRONT);
    for (int i = 0; i <= 32; i++) {
        float x = (bw / 2) * (float)i / 32;
        seg_add(d, SIDE_TOP, P(x, yc + ch * (0.5f + 0.5f * cosf(2 * (float)M_PI * x / bw))));
    }
    d->height = L;
}

/* Skirt front/back from the waist down: waist and hip knots, slight flare. */
static void draft_skirt(pdef *d, const draft *f) {
    float H = f->length, y_hip = H - 0.19f * sz(f) / 1.0f;
    if (y_hip < 0.05f) y_hip = 0.05f;
    float hem = f->hip / 4 + 0.025f;
    seg_line(d, SIDE_RIGHT, TAG_SIDE, P(hem, 0), P(f->hip / 4, y_hip));
    seg_quad(d, SIDE_RIGHT, TAG_SIDE, P(f->hip / 4, y_hip),
             P(f->hip / 4, y_hip + 0.6f * (H - y_hip)), P(f->waist / 4, H));
    mirror_side(d, SIDE_RIGHT, SIDE_LEFT);
    seg_line(d, SIDE_BOTTOM, TAG_HEM, P(-hem, 0), P(hem, 0));
    seg_line(d, SIDE_TOP, TAG_WAISTBAND, P(-f->waist / 4, H), P(f->waist / 4, H));
    d->has_line[VT_REGION_WAIST] = d->has_line[VT_REGION_HIP] = true;
    d->line_y[VT_REGION_WAIST] = H;
    d->line_y[VT_REGION_HIP] = y_hip;
    d->height = H;
}

/* One leg's front or back, seen from outside, for the body's left leg
   (right legs mirror it): x = 0 on the centre front/back line, the side
   seam at +x for the left leg. Width at the hip line is hip/4, the crotch
   extension reaches past x = 0 on the inseam side. */
static void draft_leg(pdef *d, const draft *f, bool front, float inseam) {
    float s = sz(f);
    float rise = fmaxf(f->length - inseam, 0.2f * s + 0.05f);
    float H = inseam + rise, y_crotch = inseam, y_hip = H - 0.19f * s;
    if (y_hip < y_crotch + 0.03f) y_hip = y_crotch + 0.03f;
    float h4 = f->hip / 4, w4 = f->waist / 4;
    float ext = front ? f->hip / 16 : f->hip / 9;
    float knee_w = 0.26f * f->hip, hem_w = 0.22f * f->hip; /* full leg widths */
    float centre = (h4 - ext) / 2 + ext * 0.0f;
    float y_knee = inseam * 0.45f;
    (void)centre;
    /* outseam: hem -> knee -> hip -> waist (x > 0) */
    float mid = (h4 - ext) * 0.5f;
    pt hem_o = P(mid + hem_w / 4, 0), hem_i = P(mid - hem_w / 4, 0);
    pt knee_o = P(mid + knee_w / 4, y_knee), knee_i = P(mid - knee_w / 4, y_knee);
    seg_line(d, SIDE_RIGHT, TAG_OUTSEAM, hem_o, knee_o);
    seg_quad(d, SIDE_RIGHT, TAG_OUTSEAM, knee_o, P(h4, y_crotch), P(h4, y_hip));
    seg_line(d, SIDE_RIGHT, TAG_OUTSEAM, P(h4, y_hip), P(w4, H));
    /* inseam: hem -> knee -> crotch point; then the crotch curve up to the
       centre line at the hip, then straight to the waist */
    seg_line(d, SIDE_LEFT, TAG_INSEAM, hem_i, knee_i);
    seg_quad(d, SIDE_LEFT, TAG_INSEAM, knee_i, P(-ext * 0.6f, y_crotch - 0.15f), P(-ext, y_crotch));
    seg_quad(d, SIDE_LEFT, TAG_CENTRE, P(-ext, y_crotch), P(0, y_crotch), P(0, y_hip));
    seg_line(d, SIDE_LEFT, TAG_CENTRE, P(0, y_hip), P(0, H));
    seg_line(d, SIDE_BOTTOM, TAG_HEM, hem_i, hem_o);
    seg_line(d, SIDE_TOP, TAG_WAISTBAND, P(0, H), P(w4, H));
    d->has_line[VT_REGION_HIP] = d->has_line[VT_REGION_WAIST] = true;
    d->line_y[VT_REGION_HIP] = y_hip;
    d->line_y[VT_REGION_WAIST] = H;
    d->height = H;
}

static void mirror_def(pdef *d) {
    pdef m = *d;
    /* left <-> right, and each side reversed in x */
    d->sides[SIDE_LEFT] = m.sides[SIDE_RIGHT];
    d->sides[SIDE_RIGHT] = m.sides[SIDE_LEFT];
    for (int s = 0; s < 4; s++)
        for (int k = 0; k < d->sides[s].nseg; k++)
            for (int i = 0; i < d->sides[s].seg[k].n; i++)
                d->sides[s].seg[k].p[i].x = -d->sides[s].seg[k].p[i].x;
    /* bottom and top run left to right: reverse their order */
    for (int s = 0; s < 4; s += 2) {
        pside t = d->sides[s];
        for (int k = 0; k < t.nseg; k++) {
            dseg *dst = &d->sides[s].seg[t.nseg - 1 - k];
            *dst = t.seg[k];
            for (int i = 0; i < t.seg[k].n; i++) dst->p[i] = t.seg[k].p[t.seg[k].n - 1 - i];
        }
    }
}

vt_result vt__draft(const vt_garment_spec *spec, uint32_t size, pdef *defs, int *count) {
    const vt_garment_size *z = &spec->sizes[size];
    draft f = {z->cm[VT_REGION_CHEST] / 100,  z->cm[VT_REGION_WAIST] / 100,
               z->cm[VT_REGION_HIP] / 100,    z->cm[VT_REGION_LENGTH] / 100,
               z->cm[VT_REGION_SLEEVE] / 100, z->cm[VT_REGION_WAIST] > 0,
               z->cm[VT_REGION_HIP] > 0,      z->cm[VT_REGION_SLEEVE] > 0};
    memset(defs, 0, sizeof *defs * MAX_PANELS);
    int n = 0;
    switch (spec->kind) {
    case VT_GARMENT_TSHIRT:
    case VT_GARMENT_LONG_SLEEVE_SHIRT:
    case VT_GARMENT_DRESS: {
        bool sleeves = f.has_sleeve;
        for (int b = 0; b < 2; b++) {
            pdef *d = &defs[n++];
            snprintf(d->name, sizeof d->name, b ? "back" : "front");
            d->wrap = b ? WRAP_BACK : WRAP_FRONT;
            draft_bodice(d, &f, !b, !sleeves);
        }
        if (sleeves) {
            float ah = armhole_len(&defs[0]) + armhole_len(&defs[1]);
            for (int s = 0; s < 2; s++) {
                pdef *d = &defs[n++];
                snprintf(d->name, sizeof d->name, s ? "right_sleeve" : "left_sleeve");
                d->wrap = s ? WRAP_RIGHT_SLEEVE : WRAP_LEFT_SLEEVE;
                draft_sleeve(d, &f, ah, spec->kind == VT_GARMENT_LONG_SLEEVE_SHIRT);
            }
        }
        break;
    }
    case VT_GARMENT_SKIRT:
        for (int b = 0; b < 2; b++) {
            pdef *d = &defs[n++];
            snprintf(d->name, sizeof d->name, b ? "back" : "front");
            d->wrap = b ? WRAP_BACK : WRAP_FRONT;
            d->from_waist = true;
            draft_skirt(d, &f);
        }
        break;
    case VT_GARMENT_TROUSERS: {
        float inseam = z->cm[VT_REGION_INSEAM] / 100;
        if (f.length <= 0) f.length = inseam + 0.27f * sz(&f);
        static const char *const names[4] = {"left_front", "left_back", "right_front",
                                             "right_back"};
        for (int i = 0; i < 4; i++) {
            pdef *d = &defs[n++];
            snprintf(d->name, sizeof d->name, "%s", names[i]);
            bool front = !(i & 1), left = i < 2;
            d->wrap = front ? (left ? WRAP_LEFT_LEG_FRONT : WRAP_RIGHT_LEG_FRONT)
                            : (left ? WRAP_LEFT_LEG_BACK : WRAP_RIGHT_LEG_BACK);
            d->from_waist = true;
            draft_leg(d, &f, front, inseam);
            /* seen from outside, the left leg's front has its side seam at
               +x; the left back (seen from behind) and the right front at -x */
            if ((front && !left) || (!front && left)) mirror_def(d);
        }
        break;
    }
    default:
        return vt__fail(VT_ERR_INVALID, "garment: unknown kind %d", (int)spec->kind);
    }
    *count = n;
    return VT_OK;
}
