/* The fitting room's card, on the right beside the avatar: what is worn,
   the drape's progress or the size advice with the ease per region, the
   sizes, the body, the colours, the fit map switch and its legend, Add to
   cart and Back. Drawn with the panel helpers of panel.c. */
#include "store/tryon.h"

#include "core/internal.h"
#include "vitrine/fit.h"

#include <math.h>

#define NONE UINT32_MAX

static const char *const words[][2] = {
    {"Fitting room", "试衣间"},
    {"Size", "尺码"},
    {"Body", "身形"},
    {"Colour", "颜色"},
    {"Female", "女"},
    {"Male", "男"},
    {"Neutral", "中性"},
    {"Yours", "我的"},
    {"Fit map", "合身图"},
    {"Add to cart", "加入购物车"},
    {"Back", "返回"},
    {"recommended", "推荐"},
    {"Draping size %s", "正在试穿 %s 码"},
    {"Preparing the body", "正在生成身形"},
    {"Finding your size", "正在为您选尺码"},
    {"as intended", "合适"},
    {"tight", "偏紧"},
    {"loose", "偏松"},
    {"Hem %s", "下摆在%s"},
    {"comfort limit", "舒适极限"},
    {"Esc back \xC2\xB7 F fit map", "Esc 返回 \xC2\xB7 F 合身图"},
    {"stretch", "拉伸"},
};
static const char *const region_zh[VT_REGION_COUNT] = {"胸围", "腰围", "臀围",
                                                       "衣长", "袖长", "内长"};
static const char *const region_en[VT_REGION_COUNT] = {"Chest",  "Waist",  "Hip",
                                                       "Length", "Sleeve", "Inseam"};

static bool zh(const vt_store *s) {
    return strncmp(s->lang, "zh", 2) == 0;
}

static const char *tr(const vt_store *s, const char *en) {
    if (!zh(s)) return en;
    for (size_t i = 0; i < VT_COUNTOF(words); i++)
        if (!strcmp(words[i][0], en)) return words[i][1];
    return en;
}

#define T(en) tr(c->s, en)
#define PX(v) vt__panel_px(c, v)
#define COL(k) vt__panel_rgba(VT__PC_##k)

static float lh(vt_overlay *o) {
    return vt_overlay_line_height(o);
}
static float tw(vt_overlay *o, const char *t) {
    return vt_overlay_text_width(o, t);
}

static float linear_to_srgb(float c) {
    c = fmaxf(0.0f, fminf(1.0f, c));
    return c <= 0.0031308f ? 12.92f * c : 1.055f * powf(c, 1 / 2.4f) - 0.055f;
}

/* A chip: dark when selected; a small accent dot under it when marked. */
static float chip(vt__panel_ctx *c, float x, float y, float h, const char *label, bool selected,
                  bool marked, vt__hit_kind kind, uint32_t arg) {
    vt_overlay *o = c->s->ui_body;
    float w = fmaxf(PX(44), tw(o, label) + PX(22));
    if (selected)
        vt__panel_rect(c, x, y, w, h, COL(INK), PX(8));
    else
        vt__panel_box(c, x, y, w, h, COL(WHITE), COL(HAIRLINE), PX(8));
    vt__panel_text(c, o, x + (w - tw(o, label)) * 0.5f, y + (h - lh(o)) * 0.5f, label,
                   selected ? COL(WHITE) : COL(INK));
    if (marked) {
        float d = PX(6);
        vt__panel_rect(c, x + (w - d) * 0.5f, y + h + PX(3), d, d, COL(ACCENT), d * 0.5f);
    }
    vt__panel_hit(c, x, y, w, h, kind, arg);
    return w;
}

/* The fit map's key: blue (loose) .. green .. red at the comfortable limit. */
static float legend(vt__panel_ctx *c, const vt_garment_spec *spec, float x, float y, float w) {
    vt_store *s = c->s;
    vt_garment g = {0};
    g.fabric = spec->fabric;
    g.mesh.vertex_count = 1;
    const uint32_t n = 40;
    float bh = PX(8), seg = w / (float)n;
    for (uint32_t i = 0; i < n; i++) {
        float st = spec->fabric.comfort_stretch * ((float)i + 0.5f) / (float)n, lin[4];
        vt_fit_colors(&g, &st, lin);
        float rgba[4] = {linear_to_srgb(lin[0]), linear_to_srgb(lin[1]), linear_to_srgb(lin[2]), 1};
        vt__panel_rect(c, x + seg * (float)i, y, seg + 0.5f, bh, rgba, 0);
    }
    y += bh + PX(4);
    char right[64];
    snprintf(right, sizeof right, "%s %.0f%%", T("comfort limit"),
             (double)spec->fabric.comfort_stretch);
    char left[64];
    snprintf(left, sizeof left, "0%% %s", zh(s) ? "宽松" : "loose");
    vt__panel_text(c, s->ui_small, x, y, left, COL(MUTED));
    vt__panel_text(c, s->ui_small, x + w - tw(s->ui_small, right), y, right, COL(MUTED));
    return bh + PX(4) + lh(s->ui_small);
}

/* Progress of the drape, or the advice: the reason and one line per scored
   region (ease and what it means), then where the hem falls. */
static float status_block(vt__panel_ctx *c, const vt__tryon_view *v, const vt_product *p, float x,
                          float y, float w) {
    vt_store *s = c->s;
    float y0 = y;
    if (v->draping || !v->advice) {
        char msg[96];
        uint32_t size = v->draping_size;
        if (v->building_body)
            snprintf(msg, sizeof msg, "%s", T("Preparing the body"));
        else if (size < p->size_count)
            snprintf(msg, sizeof msg, T("Draping size %s"), p->sizes[size]);
        else
            snprintf(msg, sizeof msg, "%s", T("Finding your size"));
        char pct[16];
        snprintf(pct, sizeof pct, "%.0f%%", (double)(v->progress * 100));
        vt__panel_text(c, s->ui_body, x, y, msg, COL(INK));
        vt__panel_text(c, s->ui_body, x + w - tw(s->ui_body, pct), y, pct, COL(MUTED));
        y += lh(s->ui_body) + PX(10);
        const float track[4] = {0.90f, 0.89f, 0.87f, 1};
        vt__panel_rect(c, x, y, w, PX(6), track, PX(3));
        vt__panel_rect(c, x, y, fmaxf(PX(6), w * v->progress), PX(6), COL(ACCENT), PX(3));
        y += PX(6) + PX(14);
        if (v->error && v->error[0])
            y += vt__panel_wrap(c, s->ui_small, x, y, w, v->error, COL(ERROR), 3);
        return y - y0;
    }
    y += vt__panel_wrap(c, s->ui_body, x, y, w, v->reason, COL(INK), 3) + PX(8);
    const vt_size_fit *f = &v->advice->sizes[v->chart_size];
    for (int r = 0; r < VT_REGION_COUNT; r++) {
        const vt_region_fit *rf = &f->regions[r];
        if (!rf->scored) continue;
        const char *name = zh(s) ? region_zh[r] : region_en[r];
        char ease[32];
        snprintf(ease, sizeof ease, "%+.1f %s", (double)rf->ease, zh(s) ? "厘米" : "cm");
        const char *st = T(rf->status == VT_FIT_TIGHT   ? "tight"
                           : rf->status == VT_FIT_LOOSE ? "loose"
                                                        : "as intended");
        const float loose_ink[4] = {0.22f, 0.40f, 0.66f, 1};
        const float *col = rf->status == VT_FIT_TIGHT   ? COL(ERROR)
                           : rf->status == VT_FIT_LOOSE ? loose_ink
                                                        : COL(OK);
        vt__panel_text(c, s->ui_small, x, y, name, COL(MUTED));
        vt__panel_text(c, s->ui_small, x + PX(70), y, ease, COL(INK));
        if (v->fitmap && v->stretch_mean[r] != 0) {
            char str[40];
            snprintf(str, sizeof str, "%s %.0f%%", T("stretch"), (double)v->stretch_mean[r]);
            vt__panel_text(c, s->ui_small, x + PX(150), y, str, COL(MUTED));
        }
        vt__panel_rect(c, x + w - tw(s->ui_small, st) - PX(14), y + lh(s->ui_small) * 0.5f - PX(3),
                       PX(6), PX(6), col, PX(3));
        vt__panel_text(c, s->ui_small, x + w - tw(s->ui_small, st), y, st, col);
        y += lh(s->ui_small) + PX(4);
    }
    if (v->hem_text && v->hem_text[0]) {
        char hem[96];
        snprintf(hem, sizeof hem, T("Hem %s"), v->hem_text);
        vt__panel_text(c, s->ui_small, x, y, hem, COL(MUTED));
        y += lh(s->ui_small) + PX(4);
    }
    if (v->fitmap) {
        y += PX(6);
        y += legend(c, v->spec, x, y, w);
    }
    return y - y0;
}

static void card(vt__panel_ctx *c) {
    vt_store *s = c->s;
    if (s->insp_product == NONE) return;
    const vt_product *p = &s->def->products[s->insp_product];
    vt__tryon_view v;
    vt__tryon_get_view(s, &v);
    float m = PX(20), pad = PX(26);
    float pw = fminf(PX(420), c->W * 0.45f);
    /* the card fits its content (measured first, see vt__tryon_panel) */
    float x0 = c->W - m - pw, y0 = m, ph = c->fit_h > 0 ? c->fit_h : c->H - 2 * m;
    float ix = x0 + pad, iw = pw - 2 * pad;
    vt__panel_rect(c, x0, y0, pw, ph, COL(CARD), PX(18));
    vt__panel_hit(c, x0, y0, pw, ph, VT__HIT_PANEL, 0);
    vt__panel_close_button(c, x0 + pw - PX(16) - PX(34), y0 + PX(16));

    float y = y0 + pad;
    vt__panel_text(c, s->ui_small, ix, y, T("Fitting room"), COL(ACCENT));
    y += lh(s->ui_small) + PX(4);
    y += vt__panel_wrap(c, s->ui_price, ix, y, iw - PX(30), vt_text_get(&p->title, s->lang),
                        COL(INK), 1);
    y += PX(12);
    vt__panel_rect(c, ix, y, iw, 1, COL(HAIRLINE), 0);
    y += PX(14);

    y += status_block(c, &v, p, ix, y, iw) + PX(10);

    /* sizes: the recommended one carries a dot */
    vt__panel_text(c, s->ui_small, ix, y, T("Size"), COL(MUTED));
    y += lh(s->ui_small) + PX(6);
    float ch = PX(32), cx = ix;
    for (uint32_t i = 0; i < p->size_count; i++) {
        float w = fmaxf(PX(44), tw(s->ui_body, p->sizes[i]) + PX(22));
        if (cx + w > ix + iw) cx = ix, y += ch + PX(14);
        cx += chip(c, cx, y, ch, p->sizes[i], i == s->insp_size, i == v.recommended,
                   VT__HIT_TRYON_SIZE, i) +
              PX(6);
    }
    y += ch + PX(16);

    /* body: type, then size (the shopper's own file has no size) */
    char body_label[96];
    snprintf(body_label, sizeof body_label, "%s  %s", T("Body"), v.body_name ? v.body_name : "");
    vt__panel_text(c, s->ui_small, ix, y, body_label, COL(MUTED));
    y += lh(s->ui_small) + PX(6);
    static const char *const types[] = {"Female", "Male", "Neutral", "Yours"};
    static const char *const sizes[] = {"XS", "S", "M", "L", "XL", "XXL"};
    cx = ix;
    for (uint32_t i = 0; i < 4; i++) {
        if (i == 3 && !v.has_own) break;
        cx += chip(c, cx, y, ch, T(types[i]), (int)i == v.body_type, false, VT__HIT_BODY_TYPE, i) +
              PX(6);
    }
    y += ch + PX(6);
    cx = ix;
    for (uint32_t i = 0; i < VT__TRYON_BODY_SIZES; i++)
        cx += chip(c, cx, y, ch, sizes[i], v.body_type < 3 && (int)i == v.body_size, false,
                   VT__HIT_BODY_SIZE, i) +
              PX(6);
    y += ch + PX(16);

    /* colour swatches, and the fit map switch on the right */
    vt__panel_text(c, s->ui_small, ix, y, T("Colour"), COL(MUTED));
    y += lh(s->ui_small) + PX(6);
    float d = PX(26), step = d + PX(12);
    for (uint32_t i = 0; i < p->variant_count; i++) {
        float sx = ix + d * 0.5f + PX(3) + step * (float)i, sy = y + ch * 0.5f;
        const float *rgb = p->variants[i].color;
        float col[4] = {rgb[0], rgb[1], rgb[2], 1};
        if (i == s->insp_variant) {
            float o = d + PX(8);
            vt__panel_rect(c, sx - o * 0.5f, sy - o * 0.5f, o, o, COL(INK), o * 0.5f);
            vt__panel_rect(c, sx - (d + PX(4)) * 0.5f, sy - (d + PX(4)) * 0.5f, d + PX(4),
                           d + PX(4), COL(CARD), (d + PX(4)) * 0.5f);
        }
        vt__panel_rect(c, sx - d * 0.5f, sy - d * 0.5f, d, d, COL(HAIRLINE), d * 0.5f);
        vt__panel_rect(c, sx - d * 0.5f + 1, sy - d * 0.5f + 1, d - 2, d - 2, col, d * 0.5f - 1);
        vt__panel_hit(c, sx - step * 0.5f, sy - step * 0.5f, step, step, VT__HIT_SWATCH, i);
    }
    const char *fm = T("Fit map");
    float sw = PX(40), sh = PX(22);
    float fx = ix + iw - sw, fy = y + (ch - sh) * 0.5f;
    vt__panel_text(c, s->ui_small, fx - PX(10) - tw(s->ui_small, fm),
                   y + (ch - lh(s->ui_small)) * 0.5f, fm, COL(INK));
    const float off[4] = {0.80f, 0.79f, 0.77f, 1};
    vt__panel_rect(c, fx, fy, sw, sh, v.fitmap ? COL(OK) : off, sh * 0.5f);
    float knob = sh - PX(4);
    vt__panel_rect(c, v.fitmap ? fx + sw - knob - PX(2) : fx + PX(2), fy + PX(2), knob, knob,
                   COL(WHITE), knob * 0.5f);
    vt__panel_hit(c, fx - PX(14) - tw(s->ui_small, fm), y, sw + PX(14) + tw(s->ui_small, fm), ch,
                  VT__HIT_FITMAP, 0);

    /* notice, buttons and hint after the content (on a short view the card
       runs off the bottom rather than overlap) */
    y += ch + PX(18) + (vt__panel_notice_on(s) ? lh(s->ui_small) + PX(8) : 0);
    float bh = PX(46), by = y;
    const char *hint = T("Esc back \xC2\xB7 F fit map");
    vt__panel_text(c, s->ui_small, ix + (iw - tw(s->ui_small, hint)) * 0.5f, by + bh + PX(12), hint,
                   COL(FAINT));
    if (vt__panel_notice_on(s))
        vt__panel_text(c, s->ui_small, ix, by - lh(s->ui_small) - PX(8), s->notice,
                       s->notice_is_error ? COL(ERROR) : COL(OK));
    float back_w = fmaxf(PX(96), tw(s->ui_body, T("Back")) + PX(32));
    vt__panel_button(c, ix, by, back_w, bh, T("Back"), false, true, VT__HIT_CLOSE, 0);
    char add[96], price[48];
    vt_money_format(p->price, s->lang, price, sizeof price);
    snprintf(add, sizeof add, "%s \xC2\xB7 %s", T("Add to cart"), price);
    vt__panel_button(c, ix + back_w + PX(10), by, iw - back_w - PX(10), bh, add, true, true,
                     VT__HIT_ADD, 0);
    c->fit_h = by + bh + PX(12) + lh(s->ui_small) + pad - y0;
}

/* A measuring pass first: the card is as tall as its content. */
void vt__tryon_panel(vt__panel_ctx *c) {
    vt__panel_ctx measure = *c;
    measure.draw = false;
    measure.fit_h = 0;
    uint32_t hits = c->s->hit_count;
    card(&measure);
    c->s->hit_count = hits;
    c->fit_h = measure.fit_h;
    card(c);
}
