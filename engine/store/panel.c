/* The live store's overlay: the walk HUD (store name, hints, cart button,
   loading progress), the hover label with corner brackets, the inspect card,
   the cart and the checkout summary. One layout pass serves drawing and
   hit testing (draw = false only records the hit regions). */
#include "core/internal.h"
#include "store/store_internal.h"
#include "store/tryon.h"

#include <math.h>

#define NONE UINT32_MAX

/* sRGB, straight alpha */
static const float card_bg[4] = {0.992f, 0.988f, 0.980f, 0.97f};
static const float ink[4] = {0.102f, 0.102f, 0.114f, 1};
static const float muted[4] = {0.45f, 0.45f, 0.47f, 1};
static const float faint[4] = {0.62f, 0.62f, 0.63f, 1};
static const float hairline[4] = {0.878f, 0.867f, 0.847f, 1};
static const float chip_bg[4] = {0.945f, 0.937f, 0.922f, 1};
static const float white[4] = {1, 1, 1, 1};
static const float hud_bg[4] = {0.07f, 0.07f, 0.08f, 0.74f};
static const float hud_text[4] = {0.96f, 0.95f, 0.93f, 1};
static const float hud_dim[4] = {0.74f, 0.73f, 0.71f, 1};
static const float veil[4] = {0.04f, 0.04f, 0.05f, 0.42f};
static const float ok_ink[4] = {0.18f, 0.46f, 0.28f, 1};
static const float err_ink[4] = {0.72f, 0.20f, 0.16f, 1};
static const float accent[4] = {0.62f, 0.42f, 0.22f, 1};

/* The panel's own words in the shopper's language (English otherwise). */
static const char *const words[][2] = {
    {"WASD walk · right-drag look · click a product · C cart",
     "WASD 行走 · 右键拖动环顾 · 点击商品 · C 购物车"},
    {"Cart", "购物车"},
    {"Loading products", "正在加载商品"},
    {"Colour", "颜色"},
    {"Size", "尺码"},
    {"choose one", "请选择"},
    {"Add to cart", "加入购物车"},
    {"Try on", "试穿"},
    {"Fitting room coming soon", "试衣间即将开放"},
    {"On a body like yours, before the mirror", "在与您相似的身形上，对镜试穿"},
    {"Drag to turn · Esc to go back", "拖动旋转 · Esc 返回"},
    {"Qty", "数量"},
    {"Your cart", "您的购物车"},
    {"%u item", "%u 件商品"},
    {"%u items", "%u 件商品"},
    {"Your cart is empty. Find something you love.", "购物车是空的。"},
    {"Remove", "移除"},
    {"and %u more", "还有 %u 件"},
    {"Total", "合计"},
    {"Checkout", "结算"},
    {"Continue shopping", "继续购物"},
    {"Back to cart", "返回购物车"},
    {"Your bag is ready. Payment and delivery continue on the brand's secure checkout.",
     "已为您准备好。付款与配送将在品牌的安全结算页继续。"},
    {"Choose a size first", "请先选择尺码"},
    {"Added to your cart", "已加入购物车"},
    {"Your cart is empty", "购物车是空的"},
    {"The fitting room is coming soon", "试衣间即将开放"},
};

const char *vt__store_tr(const vt_store *s, const char *en) {
    if (strncmp(s->lang, "zh", 2) != 0) return en;
    for (size_t i = 0; i < VT_COUNTOF(words); i++)
        if (!strcmp(words[i][0], en)) return words[i][1];
    return en;
}

typedef vt__panel_ctx ctx;

#define T(en) vt__store_tr(c->s, en)

static float px(const ctx *c, float v) {
    return roundf(v * c->S);
}

static void rect(ctx *c, float x, float y, float w, float h, const float rgba[4], float r) {
    if (c->draw) vt_overlay_rect(c->s->ui_small, x, y, w, h, rgba, r);
}

/* A rounded box with a 1-pixel border. */
static void box(ctx *c, float x, float y, float w, float h, const float fill[4],
                const float border[4], float r) {
    rect(c, x, y, w, h, border, r);
    rect(c, x + 1, y + 1, w - 2, h - 2, fill, fmaxf(r - 1, 0));
}

static float text(ctx *c, vt_overlay *o, float x, float y, const char *t, const float rgba[4]) {
    if (c->draw) return vt_overlay_text(o, x, y, t, rgba);
    return vt_overlay_text_width(o, t);
}

static float tw(vt_overlay *o, const char *t) {
    return vt_overlay_text_width(o, t);
}
static float lh(vt_overlay *o) {
    return vt_overlay_line_height(o);
}

static void hit(ctx *c, float x, float y, float w, float h, vt__hit_kind kind, uint32_t arg) {
    vt_store *s = c->s;
    if (s->hit_count < VT__STORE_HIT_MAX)
        s->hits[s->hit_count++] = (vt__hit){x, y, w, h, kind, arg};
}

const vt__hit *vt__store_hit_at(const vt_store *s, float x, float y) {
    /* latest first: buttons are recorded after the panel under them */
    for (uint32_t i = s->hit_count; i-- > 0;) {
        const vt__hit *h = &s->hits[i];
        if (x >= h->x && y >= h->y && x < h->x + h->w && y < h->y + h->h) return h;
    }
    return NULL;
}

static bool is_cjk(uint32_t cp) {
    return cp >= 0x2E80 && cp < 0xFFEF;
}

/* Draws text wrapped to max_w in at most max_lines lines (the last one cut
   with an ellipsis); returns the height used. Breaks at spaces, and between
   CJK characters, which have none. */
static float wrap(ctx *c, vt_overlay *o, float x, float y, float max_w, const char *t,
                  const float rgba[4], uint32_t max_lines) {
    float line_h = lh(o), yy = y;
    char buf[1024];
    uint32_t lines = 0;
    const char *p = t;
    while (*p && lines < max_lines) {
        while (*p == ' ') p++;
        const char *q = p, *brk = NULL;
        size_t fit = 0;
        bool forced = false;
        while (*q) {
            if (*q == '\n') {
                forced = true;
                break;
            }
            const char *cp_start = q;
            uint32_t cp = vt_utf8_decode(&q);
            if (cp == ' ' || is_cjk(cp)) brk = cp == ' ' ? cp_start : (is_cjk(cp) ? q : brk);
            size_t n = (size_t)(q - p);
            if (n >= sizeof buf - 4) break;
            memcpy(buf, p, n);
            buf[n] = 0;
            if (tw(o, buf) > max_w) {
                q = cp_start;
                break;
            }
            fit = n;
        }
        const char *end = p + fit;
        if (*end && !forced && *end != '\n' && brk && brk > p && brk <= end) end = brk;
        if (end == p) end = p + (fit ? fit : 1);
        size_t n = (size_t)(end - p);
        if (n >= sizeof buf - 4) n = sizeof buf - 4;
        memcpy(buf, p, n);
        buf[n] = 0;
        lines++;
        const char *rest = end;
        while (*rest == ' ') rest++;
        if (lines == max_lines && *rest && *rest != '\n') {
            /* cut with an ellipsis to fit */
            for (;;) {
                size_t m = strlen(buf);
                if (m + 4 > sizeof buf) break;
                memcpy(buf + m, "\xE2\x80\xA6", 4);
                if (tw(o, buf) <= max_w || m == 0) break;
                buf[m] = 0;
                while (m > 0 && ((unsigned char)buf[m - 1] & 0xC0) == 0x80) m--;
                if (m > 0) m--;
                buf[m] = 0;
            }
        }
        text(c, o, x, yy, buf, rgba);
        yy += line_h;
        p = end;
        if (*p == '\n') p++;
    }
    return yy - y;
}

static void button(ctx *c, float x, float y, float w, float h, const char *label, bool primary,
                   bool enabled, vt__hit_kind kind, uint32_t arg) {
    vt_overlay *o = c->s->ui_body;
    float r = px(c, 10);
    if (primary && enabled)
        rect(c, x, y, w, h, ink, r);
    else if (enabled)
        box(c, x, y, w, h, white, ink, r);
    else
        rect(c, x, y, w, h, chip_bg, r);
    const float *fg = !enabled ? faint : primary ? white : ink;
    text(c, o, x + (w - tw(o, label)) * 0.5f, y + (h - lh(o)) * 0.5f, label, fg);
    hit(c, x, y, w, h, kind, arg);
}

static void close_button(ctx *c, float x, float y) {
    float d = px(c, 34);
    rect(c, x, y, d, d, chip_bg, d * 0.5f);
    vt_overlay *o = c->s->ui_price;
    const char *x_mark = "\xC3\x97"; /* U+00D7 */
    text(c, o, x + (d - tw(o, x_mark)) * 0.5f, y + (d - lh(o)) * 0.5f - 1, x_mark, ink);
    hit(c, x, y, d, d, VT__HIT_CLOSE, 0);
}

static void swatch(ctx *c, float cx, float cy, float d, const float srgb[3], bool selected) {
    float col[4] = {srgb[0], srgb[1], srgb[2], 1};
    if (selected) {
        float o = d + px(c, 10);
        rect(c, cx - o * 0.5f, cy - o * 0.5f, o, o, ink, o * 0.5f);
        float m = d + px(c, 5);
        rect(c, cx - m * 0.5f, cy - m * 0.5f, m, m, card_bg, m * 0.5f);
    }
    rect(c, cx - d * 0.5f, cy - d * 0.5f, d, d, hairline, d * 0.5f);
    rect(c, cx - d * 0.5f + 1, cy - d * 0.5f + 1, d - 2, d - 2, col, d * 0.5f - 1);
}

static void price_str(const vt_store *s, vt_money m, char *out, size_t size) {
    vt_money_format(m, s->lang, out, size);
}

static bool is_apparel(const vt_product *p) {
    static const char *kinds[] = {"tshirt", "long_sleeve_shirt", "dress",
                                  "skirt",  "trousers",          "jacket"};
    for (size_t i = 0; i < VT_COUNTOF(kinds); i++)
        if (!strcmp(p->kind, kinds[i])) return true;
    return false;
}

static const float *notice_ink(const vt_store *s) {
    return s->notice_is_error ? err_ink : ok_ink;
}
static bool notice_on(const vt_store *s) {
    return s->notice[0] && s->time < s->notice_until;
}

/* ---- walk --------------------------------------------------------------- */

/* Where a floor click is taking the shopper: a ring on the floor. */
static void walk_target(ctx *c) {
    vt_store *s = c->s;
    if (!s->has_goal) return;
    float q[2], qx[2], qz[2], r = 0.22f;
    if (!vt__store_project(s, (float[3]){s->goal[0], 0, s->goal[1]}, q) ||
        !vt__store_project(s, (float[3]){s->goal[0] + r, 0, s->goal[1]}, qx) ||
        !vt__store_project(s, (float[3]){s->goal[0], 0, s->goal[1] + r}, qz))
        return;
    /* the projected half axes of a circle of radius r on the floor */
    float hw = fmaxf(fabsf(qx[0] - q[0]), fabsf(qz[0] - q[0]));
    float hh = fmaxf(fabsf(qx[1] - q[1]), fabsf(qz[1] - q[1]));
    hw = fmaxf(hw, px(c, 10)), hh = fmaxf(hh, px(c, 4));
    /* a soft spot: overlay shapes cannot punch holes, so rings are layers */
    const float outer[4] = {1, 1, 1, 0.28f}, mid[4] = {1, 1, 1, 0.45f};
    rect(c, q[0] - hw, q[1] - hh, 2 * hw, 2 * hh, outer, hh);
    rect(c, q[0] - hw * 0.55f, q[1] - hh * 0.55f, 1.1f * hw, 1.1f * hh, mid, hh * 0.55f);
}

static void hud(ctx *c) {
    vt_store *s = c->s;
    float m = px(c, 20), pad = px(c, 14);
    /* the store's name and how to move */
    const char *name = vt_text_get(&s->def->name, s->lang);
    const char *hint =
        T("WASD walk \xC2\xB7 right-drag look \xC2\xB7 click a product \xC2\xB7 C cart");
    float w = fmaxf(tw(s->ui_body, name), tw(s->ui_small, hint)) + 2 * pad;
    float h = pad * 2 + lh(s->ui_body) + px(c, 3) + lh(s->ui_small);
    rect(c, m, m, w, h, hud_bg, px(c, 12));
    text(c, s->ui_body, m + pad, m + pad, name, hud_text);
    text(c, s->ui_small, m + pad, m + pad + lh(s->ui_body) + px(c, 3), hint, hud_dim);
    hit(c, m, m, w, h, VT__HIT_PANEL, 0);

    /* the cart button */
    const vt_cart_line *lines;
    uint32_t n = vt_cart_lines(s->cart, &lines), items = 0;
    for (uint32_t i = 0; i < n; i++) items += lines[i].quantity;
    char label[96], total[48];
    price_str(s, vt_cart_total(s->cart), total, sizeof total);
    if (items)
        snprintf(label, sizeof label, "%s \xC2\xB7 %u  %s", T("Cart"), items, total);
    else
        snprintf(label, sizeof label, "%s", T("Cart"));
    float bw = tw(s->ui_body, label) + 2 * px(c, 18), bh = px(c, 42);
    float bx = c->W - m - bw;
    rect(c, bx, m, bw, bh, hud_bg, bh * 0.5f);
    text(c, s->ui_body, bx + px(c, 18), m + (bh - lh(s->ui_body)) * 0.5f, label, hud_text);
    hit(c, bx, m, bw, bh, VT__HIT_CART, 0);

    /* loading progress */
    uint32_t pending = vt__world_pending(s->world), total_pl = s->def->placement_count;
    uint32_t failed = vt__world_failed(s->world);
    if (pending > failed && total_pl) {
        char msg[96];
        uint32_t done = total_pl - pending;
        snprintf(msg, sizeof msg, "%s  %u / %u", T("Loading products"), done, total_pl);
        float lw = fmaxf(tw(s->ui_small, msg), px(c, 180)) + 2 * pad;
        float lh2 = pad * 2 + lh(s->ui_small) + px(c, 8);
        float lx = (c->W - lw) * 0.5f, ly = c->H - m - lh2;
        rect(c, lx, ly, lw, lh2, hud_bg, px(c, 10));
        text(c, s->ui_small, lx + pad, ly + pad, msg, hud_text);
        float bar_w = lw - 2 * pad, bar_y = ly + pad + lh(s->ui_small) + px(c, 4);
        const float track[4] = {1, 1, 1, 0.18f};
        rect(c, lx + pad, bar_y, bar_w, px(c, 4), track, px(c, 2));
        rect(c, lx + pad, bar_y, bar_w * (float)done / (float)total_pl, px(c, 4), hud_text,
             px(c, 2));
    }
}

/* A label with the hovered product's name and price below (or above) it; the
   renderer draws its outline (vt_frame_desc.highlight). */
static void hover_label(ctx *c) {
    vt_store *s = c->s;
    if (s->hovered == NONE) return;
    vt_aabb b;
    if (!vt__world_placement_bounds(s->world, s->hovered, &b)) return;
    float x0 = 1e9f, y0 = 1e9f, x1 = -1e9f, y1 = -1e9f;
    for (int i = 0; i < 8; i++) {
        float p[3] = {i & 1 ? b.max[0] : b.min[0], i & 2 ? b.max[1] : b.min[1],
                      i & 4 ? b.max[2] : b.min[2]};
        float q[2];
        if (!vt__store_project(s, p, q)) return;
        x0 = fminf(x0, q[0]), y0 = fminf(y0, q[1]), x1 = fmaxf(x1, q[0]), y1 = fmaxf(y1, q[1]);
    }
    float g = px(c, 6);
    x0 = fmaxf(x0 - g, 2), y0 = fmaxf(y0 - g, 2);
    x1 = fminf(x1 + g, c->W - 2), y1 = fminf(y1 + g, c->H - 2);
    const vt_product *p = &s->def->products[s->def->placements[s->hovered].product];
    char price[48], title[256];
    price_str(s, p->price, price, sizeof price);
    snprintf(title, sizeof title, "%s", vt_text_get(&p->title, s->lang));
    float pad = px(c, 12), gap = px(c, 14);
    float w = tw(s->ui_body, title) + gap + tw(s->ui_body, price) + 2 * pad;
    float h = pad * 2 + lh(s->ui_body) + px(c, 2) + lh(s->ui_small);
    w = fmaxf(w, tw(s->ui_small, p->brand) + 2 * pad);
    float x = fminf(fmaxf((x0 + x1 - w) * 0.5f, px(c, 8)), c->W - w - px(c, 8));
    float y = y1 + px(c, 10);
    if (y + h > c->H - px(c, 8)) y = fmaxf(y0 - h - px(c, 10), px(c, 8));
    rect(c, x, y, w, h, card_bg, px(c, 10));
    text(c, s->ui_small, x + pad, y + pad, p->brand, muted);
    float ty = y + pad + lh(s->ui_small) + px(c, 2);
    text(c, s->ui_body, x + pad, ty, title, ink);
    text(c, s->ui_body, x + w - pad - tw(s->ui_body, price), ty, price, ink);
}

/* ---- inspect ------------------------------------------------------------ */

static void inspect_card(ctx *c) {
    vt_store *s = c->s;
    const vt_product *p = &s->def->products[s->insp_product];
    float m = px(c, 20), pad = px(c, 28);
    float pw = fminf(px(c, 420), c->W * 0.45f);
    float x0 = c->W - m - pw, y0 = m, ph = c->H - 2 * m;
    if (c->fit_h > 0) ph = fminf(ph, c->fit_h); /* the card fits its content */
    float ix = x0 + pad, iw = pw - 2 * pad;
    rect(c, x0, y0, pw, ph, card_bg, px(c, 18));
    hit(c, x0, y0, pw, ph, VT__HIT_PANEL, 0);
    close_button(c, x0 + pw - px(c, 16) - px(c, 34), y0 + px(c, 16));

    float y = y0 + pad;
    char brand[80];
    snprintf(brand, sizeof brand, "%s", p->brand);
    for (char *q = brand; *q; q++)
        if (*q >= 'a' && *q <= 'z') *q = (char)(*q - 'a' + 'A');
    text(c, s->ui_small, ix, y, brand, accent);
    y += lh(s->ui_small) + px(c, 6);
    y += wrap(c, s->ui_title, ix, y, iw - px(c, 24), vt_text_get(&p->title, s->lang), ink, 2);
    y += px(c, 6);
    char price[48];
    price_str(s, p->price, price, sizeof price);
    text(c, s->ui_price, ix, y, price, ink);
    y += lh(s->ui_price) + px(c, 16);
    rect(c, ix, y, iw, 1, hairline, 0);
    y += px(c, 16);

    /* the buttons sit at the bottom; the text above takes what is left */
    bool apparel = is_apparel(p);
    float btn_h = px(c, 48), bottom = y0 + ph - pad;
    float hint_h = lh(s->ui_small);
    float buttons_h = hint_h + px(c, 14) + btn_h;
    if (apparel) buttons_h += btn_h + px(c, 10) + lh(s->ui_small) + px(c, 4);
    float buttons_top = bottom - buttons_h;
    /* The text's room is measured on the tallest card, never on the fitted
       one: fitting to content measured with less room would drop lines. */
    float room_top = y0 + (c->H - 2 * m) - pad - buttons_h;

    const char *desc = vt_text_get(&p->description, s->lang);
    float sizes_h = p->size_count ? lh(s->ui_small) + px(c, 10) + px(c, 36) * 2 + px(c, 20) : 0;
    float variants_h = lh(s->ui_small) + px(c, 12) + px(c, 32) + px(c, 22);
    float room = room_top - y - variants_h - sizes_h - px(c, 30);
    uint32_t desc_lines = room > 0 ? (uint32_t)(room / lh(s->ui_body)) : 0;
    if (desc_lines > 6) desc_lines = 6;
    if (desc[0] && desc_lines) {
        y += wrap(c, s->ui_body, ix, y, iw, desc, muted, desc_lines);
        y += px(c, 8);
    }
    const char *mat = vt_text_get(&p->material, s->lang);
    if (mat[0] && y + lh(s->ui_small) < room_top - variants_h - sizes_h) {
        y += wrap(c, s->ui_small, ix, y, iw, mat, faint, 1);
    }
    y += px(c, 16);

    /* colour */
    const vt_variant *v = &p->variants[s->insp_variant < p->variant_count ? s->insp_variant : 0];
    float lx = ix + text(c, s->ui_small, ix, y, T("Colour"), muted);
    text(c, s->ui_small, lx + px(c, 8), y, vt_text_get(&v->title, s->lang), ink);
    y += lh(s->ui_small) + px(c, 12);
    float d = px(c, 30), step = d + px(c, 16);
    for (uint32_t i = 0; i < p->variant_count; i++) {
        float cx = ix + px(c, 5) + d * 0.5f + step * (float)i, cy = y + d * 0.5f;
        swatch(c, cx, cy, d, p->variants[i].color, i == s->insp_variant);
        hit(c, cx - step * 0.5f, cy - step * 0.5f, step, step, VT__HIT_SWATCH, i);
    }
    y += d + px(c, 22);

    /* sizes */
    if (p->size_count) {
        bool none = s->insp_size == NONE;
        float sx = ix + text(c, s->ui_small, ix, y, T("Size"), muted);
        if (none) text(c, s->ui_small, sx + px(c, 8), y, T("choose one"), accent);
        y += lh(s->ui_small) + px(c, 10);
        float cx = ix, ch = px(c, 36);
        for (uint32_t i = 0; i < p->size_count; i++) {
            float cw = fmaxf(px(c, 48), tw(s->ui_body, p->sizes[i]) + px(c, 24));
            if (cx + cw > ix + iw) cx = ix, y += ch + px(c, 8);
            bool sel = i == s->insp_size;
            if (sel)
                rect(c, cx, y, cw, ch, ink, px(c, 8));
            else
                box(c, cx, y, cw, ch, white, hairline, px(c, 8));
            text(c, s->ui_body, cx + (cw - tw(s->ui_body, p->sizes[i])) * 0.5f,
                 y + (ch - lh(s->ui_body)) * 0.5f, p->sizes[i], sel ? white : ink);
            hit(c, cx, y, cw, ch, VT__HIT_SIZE, i);
            cx += cw + px(c, 8);
        }
        y += ch + px(c, 16);
    }

    /* notice, buttons, hint */
    c->fit_h = (y - y0) + px(c, 30) + (bottom - hint_h - buttons_top) + hint_h + pad + 2;
    float by = fmaxf(buttons_top, y + px(c, 8));
    if (notice_on(s))
        text(c, s->ui_small, ix, by - lh(s->ui_small) - px(c, 8), s->notice, notice_ink(s));
    button(c, ix, by, iw, btn_h, T("Add to cart"), true, true, VT__HIT_ADD, 0);
    by += btn_h + px(c, 10);
    if (apparel) {
        bool can = vt__tryon_possible(s, s->insp_product);
        button(c, ix, by, iw, btn_h, T("Try on"), false, can, VT__HIT_TRY_ON, 0);
        by += btn_h + px(c, 4);
        const char *soon =
            T(can ? "On a body like yours, before the mirror" : "Fitting room coming soon");
        text(c, s->ui_small, ix + (iw - tw(s->ui_small, soon)) * 0.5f, by, soon, faint);
        by += lh(s->ui_small);
    }
    const char *hint = T("Drag to turn \xC2\xB7 Esc to go back");
    text(c, s->ui_small, ix + (iw - tw(s->ui_small, hint)) * 0.5f, bottom - hint_h, hint, faint);
}

/* ---- cart and checkout -------------------------------------------------- */

static void line_desc(const vt_store *s, const vt_cart_line *l, char *out, size_t size) {
    const vt_product *p = &s->def->products[l->product];
    const char *vt =
        l->variant < p->variant_count ? vt_text_get(&p->variants[l->variant].title, s->lang) : "";
    if (l->size < p->size_count)
        snprintf(out, size, "%s \xC2\xB7 %s \xC2\xB7 %s %u", vt, p->sizes[l->size],
                 vt__store_tr(s, "Qty"), l->quantity);
    else
        snprintf(out, size, "%s \xC2\xB7 %s %u", vt, vt__store_tr(s, "Qty"), l->quantity);
}

static void cart_card(ctx *c) {
    vt_store *s = c->s;
    rect(c, 0, 0, c->W, c->H, veil, 0);
    const vt_cart_line *lines;
    uint32_t n = vt_cart_lines(s->cart, &lines), items = 0;
    for (uint32_t i = 0; i < n; i++) items += lines[i].quantity;
    float pad = px(c, 28), row_h = px(c, 66);
    float pw = fminf(px(c, 560), c->W - px(c, 40));
    float head = pad + lh(s->ui_title) + px(c, 18);
    float foot =
        px(c, 18) + lh(s->ui_price) + px(c, 18) + px(c, 48) + px(c, 12) + lh(s->ui_small) + pad;
    float max_rows = floorf((c->H - px(c, 40) - head - foot) / row_h);
    uint32_t shown = n ? n : 1;
    if ((float)shown > max_rows) shown = max_rows >= 2 ? (uint32_t)max_rows - 1 : 1;
    bool more = n > shown;
    float ph = head + row_h * (float)(shown + (more ? 1 : 0)) + foot;
    float x0 = roundf((c->W - pw) * 0.5f), y0 = roundf((c->H - ph) * 0.5f);
    float ix = x0 + pad, iw = pw - 2 * pad;
    rect(c, x0, y0, pw, ph, card_bg, px(c, 18));
    hit(c, 0, 0, c->W, c->H, VT__HIT_PANEL, 0);
    close_button(c, x0 + pw - px(c, 16) - px(c, 34), y0 + px(c, 16));

    float y = y0 + pad;
    float tx = ix + text(c, s->ui_title, ix, y, T("Your cart"), ink);
    char count[32];
    snprintf(count, sizeof count, T(items == 1 ? "%u item" : "%u items"), items);
    text(c, s->ui_small, tx + px(c, 12), y + lh(s->ui_title) - lh(s->ui_small) - px(c, 4), count,
         muted);
    y += lh(s->ui_title) + px(c, 18);
    rect(c, ix, y - px(c, 1), iw, 1, hairline, 0);

    if (!n) {
        const char *empty = T("Your cart is empty. Find something you love.");
        text(c, s->ui_body, ix, y + (row_h - lh(s->ui_body)) * 0.5f, empty, muted);
        y += row_h;
    }
    for (uint32_t i = 0; i < n && i < shown; i++) {
        const vt_cart_line *l = &lines[i];
        const vt_product *p = &s->def->products[l->product];
        float d = px(c, 34), cy = y + row_h * 0.5f;
        const float *sw = l->variant < p->variant_count ? p->variants[l->variant].color : ink;
        swatch(c, ix + d * 0.5f, cy, d, sw, false);
        char price[48], sub[160];
        vt_money lp = p->price;
        lp.minor *= (int64_t)l->quantity;
        price_str(s, lp, price, sizeof price);
        line_desc(s, l, sub, sizeof sub);
        float tx0 = ix + d + px(c, 16);
        float pwid = tw(s->ui_body, price);
        float top = cy - (lh(s->ui_body) + lh(s->ui_small)) * 0.5f;
        wrap(c, s->ui_body, tx0, top, iw - d - px(c, 32) - pwid, vt_text_get(&p->title, s->lang),
             ink, 1);
        text(c, s->ui_small, tx0, top + lh(s->ui_body), sub, muted);
        text(c, s->ui_body, ix + iw - pwid, top, price, ink);
        const char *rm = T("Remove");
        float rw = tw(s->ui_small, rm);
        text(c, s->ui_small, ix + iw - rw, top + lh(s->ui_body), rm, err_ink);
        hit(c, ix + iw - rw - px(c, 6), top + lh(s->ui_body) - px(c, 4), rw + px(c, 12),
            lh(s->ui_small) + px(c, 8), VT__HIT_REMOVE, l->product);
        y += row_h;
        if (i + 1 < n) rect(c, tx0, y - 1, iw - d - px(c, 16), 1, hairline, 0);
    }
    if (more) {
        char msg[64];
        snprintf(msg, sizeof msg, T("and %u more"), n - shown);
        text(c, s->ui_small, ix + px(c, 50), y + (row_h - lh(s->ui_small)) * 0.5f, msg, muted);
        y += row_h;
    }
    rect(c, ix, y, iw, 1, hairline, 0);
    y += px(c, 18);
    char total[48];
    price_str(s, vt_cart_total(s->cart), total, sizeof total);
    text(c, s->ui_body, ix, y + (lh(s->ui_price) - lh(s->ui_body)) * 0.5f, T("Total"), ink);
    text(c, s->ui_price, ix + iw - tw(s->ui_price, total), y, total, ink);
    y += lh(s->ui_price) + px(c, 18);
    button(c, ix, y, iw, px(c, 48), T("Checkout"), true, n > 0, VT__HIT_CHECKOUT, 0);
    y += px(c, 48) + px(c, 12);
    if (notice_on(s)) {
        text(c, s->ui_small, ix, y, s->notice, notice_ink(s));
    } else {
        const char *cont = T("Continue shopping");
        float cw = tw(s->ui_small, cont);
        text(c, s->ui_small, ix + (iw - cw) * 0.5f, y, cont, ink);
        hit(c, ix + (iw - cw) * 0.5f - px(c, 8), y - px(c, 4), cw + px(c, 16),
            lh(s->ui_small) + px(c, 8), VT__HIT_CONTINUE, 0);
    }
}

static void checkout_card(ctx *c) {
    vt_store *s = c->s;
    rect(c, 0, 0, c->W, c->H, veil, 0);
    const vt_cart_line *lines;
    uint32_t n = vt_cart_lines(s->cart, &lines), items = 0;
    for (uint32_t i = 0; i < n; i++) items += lines[i].quantity;
    float pad = px(c, 32), pw = fminf(px(c, 480), c->W - px(c, 40));
    float ph = pad * 2 + lh(s->ui_title) + px(c, 14) + lh(s->ui_body) * 3 + px(c, 24) +
               lh(s->ui_price) + px(c, 24) + px(c, 48) * 2 + px(c, 10);
    float x0 = roundf((c->W - pw) * 0.5f), y0 = roundf((c->H - ph) * 0.5f);
    float ix = x0 + pad, iw = pw - 2 * pad, y = y0 + pad;
    rect(c, x0, y0, pw, ph, card_bg, px(c, 18));
    hit(c, 0, 0, c->W, c->H, VT__HIT_PANEL, 0);
    close_button(c, x0 + pw - px(c, 16) - px(c, 34), y0 + px(c, 16));
    text(c, s->ui_title, ix, y, T("Checkout"), ink);
    y += lh(s->ui_title) + px(c, 14);
    wrap(c, s->ui_body, ix, y, iw,
         T("Your bag is ready. Payment and delivery continue on the brand's secure checkout."),
         muted, 3);
    y += lh(s->ui_body) * 3 + px(c, 24);
    char count[32], total[48];
    snprintf(count, sizeof count, T(items == 1 ? "%u item" : "%u items"), items);
    price_str(s, vt_cart_total(s->cart), total, sizeof total);
    text(c, s->ui_body, ix, y + (lh(s->ui_price) - lh(s->ui_body)) * 0.5f, count, ink);
    text(c, s->ui_price, ix + iw - tw(s->ui_price, total), y, total, ink);
    y += lh(s->ui_price) + px(c, 24);
    button(c, ix, y, iw, px(c, 48), T("Back to cart"), true, true, VT__HIT_CLOSE, 0);
    y += px(c, 48) + px(c, 10);
    button(c, ix, y, iw, px(c, 48), T("Continue shopping"), false, true, VT__HIT_CONTINUE, 0);
}

void vt__store_panels(vt_store *s, bool draw) {
    s->hit_count = 0;
    if (!s->ui_small) return;
    ctx c = {.s = s, .draw = draw, .S = s->ui_scale, .W = (float)s->width, .H = (float)s->height};
    if (draw) {
        vt_overlay_begin(s->ui_small, s->width, s->height);
        vt_overlay_begin(s->ui_body, s->width, s->height);
        vt_overlay_begin(s->ui_price, s->width, s->height);
        vt_overlay_begin(s->ui_title, s->width, s->height);
    }
    switch (s->mode) {
    case VT_STORE_WALK:
        walk_target(&c);
        hover_label(&c);
        hud(&c);
        break;
    case VT_STORE_INSPECT:
        if (s->insp_product != NONE) {
            ctx measure = c;
            measure.draw = false;
            inspect_card(&measure);
            s->hit_count = 0;
            c.fit_h = measure.fit_h;
            inspect_card(&c);
        }
        break;
    case VT_STORE_CART:
        cart_card(&c);
        break;
    case VT_STORE_CHECKOUT:
        checkout_card(&c);
        break;
    case VT_STORE_TRYON:
        vt__tryon_panel(&c);
        break;
    }
    if (draw) {
        vt_overlay_end(s->ui_small);
        vt_overlay_end(s->ui_body);
        vt_overlay_end(s->ui_price);
        vt_overlay_end(s->ui_title);
    }
}

/* ---- the helpers for the other cards (tryon_panel.c) -------------------- */

const float *vt__panel_rgba(vt__panel_color k) {
    switch (k) {
    case VT__PC_CARD:
        return card_bg;
    case VT__PC_INK:
        return ink;
    case VT__PC_MUTED:
        return muted;
    case VT__PC_FAINT:
        return faint;
    case VT__PC_HAIRLINE:
        return hairline;
    case VT__PC_CHIP:
        return chip_bg;
    case VT__PC_WHITE:
        return white;
    case VT__PC_ACCENT:
        return accent;
    case VT__PC_OK:
        return ok_ink;
    case VT__PC_ERROR:
        return err_ink;
    }
    return ink;
}
float vt__panel_px(const ctx *c, float v) {
    return px(c, v);
}
void vt__panel_rect(ctx *c, float x, float y, float w, float h, const float rgba[4], float r) {
    rect(c, x, y, w, h, rgba, r);
}
void vt__panel_box(ctx *c, float x, float y, float w, float h, const float fill[4],
                   const float border[4], float r) {
    box(c, x, y, w, h, fill, border, r);
}
float vt__panel_text(ctx *c, vt_overlay *o, float x, float y, const char *t, const float rgba[4]) {
    return text(c, o, x, y, t, rgba);
}
void vt__panel_hit(ctx *c, float x, float y, float w, float h, vt__hit_kind kind, uint32_t arg) {
    hit(c, x, y, w, h, kind, arg);
}
float vt__panel_wrap(ctx *c, vt_overlay *o, float x, float y, float max_w, const char *t,
                     const float rgba[4], uint32_t max_lines) {
    return wrap(c, o, x, y, max_w, t, rgba, max_lines);
}
void vt__panel_button(ctx *c, float x, float y, float w, float h, const char *label, bool primary,
                      bool enabled, vt__hit_kind kind, uint32_t arg) {
    button(c, x, y, w, h, label, primary, enabled, kind, arg);
}
void vt__panel_close_button(ctx *c, float x, float y) {
    close_button(c, x, y);
}
bool vt__panel_notice_on(const vt_store *s) {
    return notice_on(s);
}
