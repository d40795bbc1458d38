/* Size advice: eases per region, tight / as intended / loose, and the
   recommendation rule of issue 5, with a reason that names the deciding
   region in English or Chinese. */
#include "core/internal.h"
#include "vitrine/fit.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#define TIE_CM 0.01f

const char *vt_fit_status_name(vt_fit_status s) {
    switch (s) {
    case VT_FIT_TIGHT:
        return "tight";
    case VT_FIT_LOOSE:
        return "loose";
    default:
        return "as_intended";
    }
}

void vt_fit_body_values(const vt_body *body, float out_cm[VT_REGION_COUNT]) {
    VT_ASSERT(body && out_cm);
    memset(out_cm, 0, VT_REGION_COUNT * sizeof *out_cm);
    out_cm[VT_REGION_CHEST] = body->measured.chest_girth;
    out_cm[VT_REGION_WAIST] = body->measured.waist_girth;
    out_cm[VT_REGION_HIP] = body->measured.hip_girth;
    out_cm[VT_REGION_SLEEVE] = body->requested.arm_length;
    out_cm[VT_REGION_INSEAM] = body->requested.inside_leg_length;
}

static const char *const zh_region[VT_REGION_COUNT] = {"胸围", "腰围", "臀围",
                                                       "衣长", "袖长", "内长"};
static const char *const en_region[VT_REGION_COUNT] = {"chest",  "waist",  "hip",
                                                       "length", "sleeve", "inseam"};

/* "+6", "-1.5", "0": one decimal at most, no "+0". */
static void fmt_cm(char *buf, size_t n, float v) {
    float r = roundf(v * 10) / 10;
    if (r == 0) r = 0; /* no "-0" */
    if (r == roundf(r))
        snprintf(buf, n, "%+.0f", (double)r);
    else
        snprintf(buf, n, "%+.1f", (double)r);
    if (r == 0) snprintf(buf, n, "0");
}

static const char *status_text(vt_fit_status s, vt_lang lang) {
    if (lang == VT_LANG_ZH) return s == VT_FIT_TIGHT ? "偏紧" : s == VT_FIT_LOOSE ? "偏松" : "合适";
    return s == VT_FIT_TIGHT ? "tight" : s == VT_FIT_LOOSE ? "loose" : "as intended";
}

/* The region where size s is furthest out of its range (weighted as the
   rule weighs it); -1 if every region is as intended. */
static int worst_region(const vt_size_fit *s) {
    int best = -1;
    float w = 0;
    for (int r = 0; r < VT_REGION_COUNT; r++) {
        const vt_region_fit *f = &s->regions[r];
        if (!f->scored || f->status == VT_FIT_AS_INTENDED) continue;
        float x = f->shortfall * (f->status == VT_FIT_TIGHT ? 2.0f : 1.0f);
        if (x > w) w = x, best = r;
    }
    return best;
}

static int first_scored(const vt_garment_spec *g) {
    for (int r = 0; r < VT_REGION_COUNT; r++)
        if (g->scored[r]) return r;
    return 0;
}

static void write_reason(const vt_garment_spec *g, vt_fit_advice *a, vt_lang lang) {
    int R = a->recommended;
    const vt_size_fit *rec = &a->sizes[R];
    const char *rn = g->sizes[R].name;
    char e1[16], e2[16];
    const char *const *names = lang == VT_LANG_ZH ? zh_region : en_region;
    if (!rec->all_as_intended) {
        /* No size fits as intended: name the recommended size's worst region. */
        int d = worst_region(rec);
        a->deciding = (vt_fit_region)d;
        const vt_region_fit *f = &rec->regions[d];
        fmt_cm(e1, sizeof e1, f->ease);
        if (lang == VT_LANG_ZH)
            snprintf(a->reason, sizeof a->reason,
                     "%s：%s %s 厘米，%s；没有尺码完全合适，%s 的差距最小", rn, names[d], e1,
                     status_text(f->status, lang), rn);
        else
            snprintf(a->reason, sizeof a->reason,
                     "%s: %s %s cm, %s; no size fits as intended, %s falls shortest of its ranges",
                     rn, names[d], e1, status_text(f->status, lang), rn);
        return;
    }
    /* The neighbour that does not fit as intended explains the choice best:
       the next smaller size first (the usual doubt), else the next larger. */
    int alt = -1;
    if (R > 0 && !a->sizes[R - 1].all_as_intended)
        alt = R - 1;
    else if (R + 1 < (int)a->size_count && !a->sizes[R + 1].all_as_intended)
        alt = R + 1;
    if (alt >= 0) {
        int d = worst_region(&a->sizes[alt]);
        a->deciding = (vt_fit_region)d;
        const vt_region_fit *fa = &a->sizes[alt].regions[d];
        fmt_cm(e1, sizeof e1, rec->regions[d].ease);
        fmt_cm(e2, sizeof e2, fa->ease);
        if (lang == VT_LANG_ZH)
            snprintf(a->reason, sizeof a->reason, "%s：%s %s 厘米，合适；%s %s%s（%s 厘米）", rn,
                     names[d], e1, g->sizes[alt].name, names[d], status_text(fa->status, lang), e2);
        else
            snprintf(a->reason, sizeof a->reason,
                     "%s: %s %s cm as intended; %s is %s at the %s (%s cm)", rn, names[d], e1,
                     g->sizes[alt].name, status_text(fa->status, lang), names[d], e2);
        return;
    }
    /* Every neighbour fits as intended too: closeness to the middle decided;
       name the region where R is nearer the middle than the runner-up by most. */
    int run = -1;
    for (int i = 0; i < (int)a->size_count; i++)
        if (i != R && a->sizes[i].all_as_intended &&
            (run < 0 || a->sizes[i].centre_distance <= a->sizes[run].centre_distance))
            run = i;
    int d = first_scored(g);
    if (run >= 0) {
        float gain = -INFINITY;
        for (int r = 0; r < VT_REGION_COUNT; r++) {
            if (!g->scored[r]) continue;
            float mid = 0.5f * (g->ease[r][0] + g->ease[r][1]);
            float x =
                fabsf(a->sizes[run].regions[r].ease - mid) - fabsf(rec->regions[r].ease - mid);
            if (x > gain) gain = x, d = r;
        }
    }
    a->deciding = (vt_fit_region)d;
    fmt_cm(e1, sizeof e1, rec->regions[d].ease);
    char lo[16], hi[16];
    fmt_cm(lo, sizeof lo, g->ease[d][0]);
    fmt_cm(hi, sizeof hi, g->ease[d][1]);
    if (run < 0) {
        if (lang == VT_LANG_ZH)
            snprintf(a->reason, sizeof a->reason, "%s：%s %s 厘米，合适", rn, names[d], e1);
        else
            snprintf(a->reason, sizeof a->reason, "%s: %s %s cm as intended", rn, names[d], e1);
    } else if (lang == VT_LANG_ZH) {
        fmt_cm(e2, sizeof e2, a->sizes[run].regions[d].ease);
        snprintf(a->reason, sizeof a->reason,
                 "%s：%s %s 厘米，最接近 %s..%s 厘米的中间；%s 也合适（%s 厘米）", rn, names[d], e1,
                 lo, hi, g->sizes[run].name, e2);
    } else {
        fmt_cm(e2, sizeof e2, a->sizes[run].regions[d].ease);
        snprintf(a->reason, sizeof a->reason,
                 "%s: %s %s cm as intended, nearest the middle of %s..%s cm; %s fits too (%s cm)",
                 rn, names[d], e1, lo, hi, g->sizes[run].name, e2);
    }
}

vt_result vt_fit_advise(const vt_garment_spec *g, const float body_cm[VT_REGION_COUNT],
                        vt_lang lang, vt_fit_advice *out) {
    VT_ASSERT(g && body_cm && out);
    memset(out, 0, sizeof *out);
    out->recommended = -1;
    if (g->size_count == 0 || g->size_count > VT_GARMENT_MAX_SIZES)
        return vt__fail(VT_ERR_INVALID, "advice: the garment has %u sizes", g->size_count);
    for (int r = 0; r < VT_REGION_COUNT; r++)
        if (g->scored[r] && !(body_cm[r] > 0 && isfinite(body_cm[r])))
            return vt__fail(VT_ERR_INVALID, "advice: the body has no %s to measure against",
                            vt_fit_region_name((vt_fit_region)r));
    out->size_count = g->size_count;
    for (uint32_t i = 0; i < g->size_count; i++) {
        vt_size_fit *s = &out->sizes[i];
        s->all_as_intended = true;
        for (int r = 0; r < VT_REGION_COUNT; r++) {
            if (!g->scored[r]) continue;
            vt_region_fit *f = &s->regions[r];
            f->scored = true;
            f->ease = roundf((g->sizes[i].cm[r] - body_cm[r]) * 10) / 10;
            float lo = g->ease[r][0], hi = g->ease[r][1];
            if (f->ease < lo) {
                f->status = VT_FIT_TIGHT;
                f->shortfall = lo - f->ease;
                s->weighted_shortfall += 2 * f->shortfall;
                s->all_as_intended = false;
            } else if (f->ease > hi) {
                f->status = VT_FIT_LOOSE;
                f->shortfall = f->ease - hi;
                s->weighted_shortfall += f->shortfall;
                s->all_as_intended = false;
            }
            s->centre_distance += fabsf(f->ease - 0.5f * (lo + hi));
        }
    }
    /* Iterating from the smallest with "<=" lets a tie go to the larger size. */
    int best = -1;
    for (int i = 0; i < (int)g->size_count; i++)
        if (out->sizes[i].all_as_intended &&
            (best < 0 ||
             out->sizes[i].centre_distance <= out->sizes[best].centre_distance + TIE_CM))
            best = i;
    if (best < 0)
        for (int i = 0; i < (int)g->size_count; i++)
            if (best < 0 ||
                out->sizes[i].weighted_shortfall <= out->sizes[best].weighted_shortfall + TIE_CM)
                best = i;
    out->recommended = best;
    write_reason(g, out, lang);
    return VT_OK;
}

/* Where the hem falls, by the body's landmarks: a tape from the high point
   of the shoulder (tops, dresses) or from the waist (skirts, trousers). */
float vt_fit_hem_height(const vt_garment_spec *spec, uint32_t size, const vt_body *body) {
    VT_ASSERT(spec && body && size < spec->size_count);
    bool waist_down = spec->kind == VT_GARMENT_SKIRT || spec->kind == VT_GARMENT_TROUSERS;
    float top = waist_down ? body->landmarks.waist_y : body->landmarks.neck_y;
    float len = spec->sizes[size].cm[VT_REGION_LENGTH] / 100;
    if (spec->kind == VT_GARMENT_TROUSERS && len <= 0)
        return body->landmarks.crotch_y - spec->sizes[size].cm[VT_REGION_INSEAM] / 100;
    return top - len;
}

const char *vt_fit_hem_text(const vt_body *body, float y, vt_lang lang) {
    VT_ASSERT(body);
    const vt_body_landmarks *L = &body->landmarks;
    float knee = body->joints[VT_JOINT_LEFT_LOWER_LEG].position[1];
    float ankle = body->joints[VT_JOINT_LEFT_FOOT].position[1];
    static const char *const en[] = {"above the waist", "at the waist",       "at the hip",
                                     "at the crotch",   "at the upper thigh", "at mid-thigh",
                                     "above the knee",  "at the knee",        "at mid-calf",
                                     "at the ankle",    "at the floor"};
    static const char *const zh[] = {"腰线以上", "齐腰",     "齐臀", "齐裆",
                                     "大腿上部", "大腿中部", "膝上", "齐膝",
                                     "小腿中部", "齐脚踝",   "及地"};
    float mid_thigh = 0.5f * (L->crotch_y + knee);
    const float below[] = {L->waist_y + 0.04f,
                           0.5f * (L->waist_y + L->hip_y),
                           0.5f * (L->hip_y + L->crotch_y),
                           L->crotch_y - 0.04f,
                           mid_thigh + 0.04f,
                           mid_thigh - 0.04f,
                           knee + 0.05f,
                           knee - 0.05f,
                           0.5f * (knee + ankle) - 0.05f,
                           ankle - 0.04f};
    int k = 0;
    while (k < 10 && y <= below[k]) k++;
    return lang == VT_LANG_ZH ? zh[k] : en[k];
}
