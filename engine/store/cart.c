/* The cart: lines of product, variant, size and quantity; totals in minor units. */
#include "core/internal.h"
#include "vitrine/store.h"

#define VT_CART_LINES_MAX 1000
#define VT_CART_QUANTITY_MAX 9999

struct vt_cart {
    const vt_store_def *def;
    vt_cart_line *lines;
    uint32_t count, cap;
};

vt_result vt_cart_create(const vt_store_def *def, vt_cart **out) {
    VT_ASSERT(def && out);
    *out = calloc(1, sizeof **out);
    if (!*out) return vt__fail(VT_ERR_NOMEM, "cart: out of memory");
    (*out)->def = def;
    return VT_OK;
}

void vt_cart_destroy(vt_cart *c) {
    if (!c) return;
    free(c->lines);
    free(c);
}

/* The cart's total in minor units if `extra` more of product p were added;
   false when it would not fit in an int64. */
static bool total_with(const vt_cart *c, uint32_t p, uint64_t extra, int64_t *out) {
    int64_t sum = 0, t;
    for (uint32_t i = 0; i < c->count; i++) {
        const vt_cart_line *l = &c->lines[i];
        if (__builtin_mul_overflow(c->def->products[l->product].price.minor, (int64_t)l->quantity,
                                   &t) ||
            __builtin_add_overflow(sum, t, &sum))
            return false;
    }
    if (p != UINT32_MAX &&
        (__builtin_mul_overflow(c->def->products[p].price.minor, (int64_t)extra, &t) ||
         __builtin_add_overflow(sum, t, &sum)))
        return false;
    *out = sum;
    return true;
}

vt_result vt_cart_add(vt_cart *c, uint32_t product, uint32_t variant, uint32_t size,
                      uint32_t quantity) {
    VT_ASSERT(c);
    const vt_store_def *def = c->def;
    if (product >= def->product_count)
        return vt__fail(VT_ERR_INVALID, "cart: no product #%u (the catalog has %u)", product,
                        def->product_count);
    const vt_product *p = &def->products[product];
    if (variant >= p->variant_count)
        return vt__fail(VT_ERR_INVALID, "cart: product '%s' has no variant #%u", p->id, variant);
    if (size != UINT32_MAX && size >= p->size_count)
        return vt__fail(VT_ERR_INVALID, "cart: product '%s' has no size #%u", p->id, size);
    if (quantity == 0) return vt__fail(VT_ERR_INVALID, "cart: quantity 0 for '%s'", p->id);
    int64_t total;
    for (uint32_t i = 0; i < c->count; i++) {
        vt_cart_line *l = &c->lines[i];
        if (l->product != product || l->variant != variant || l->size != size) continue;
        if ((uint64_t)l->quantity + quantity > VT_CART_QUANTITY_MAX)
            return vt__fail(VT_ERR_LIMIT, "cart: more than %d of '%s'", VT_CART_QUANTITY_MAX,
                            p->id);
        if (!total_with(c, product, quantity, &total))
            return vt__fail(VT_ERR_LIMIT, "cart: the total would overflow");
        l->quantity += quantity;
        return VT_OK;
    }
    if (c->count >= VT_CART_LINES_MAX)
        return vt__fail(VT_ERR_LIMIT, "cart: more than %d lines", VT_CART_LINES_MAX);
    if (quantity > VT_CART_QUANTITY_MAX)
        return vt__fail(VT_ERR_LIMIT, "cart: more than %d of '%s'", VT_CART_QUANTITY_MAX, p->id);
    if (!total_with(c, product, quantity, &total))
        return vt__fail(VT_ERR_LIMIT, "cart: the total would overflow");
    if (!vt__grow((void **)&c->lines, &c->cap, (uint64_t)c->count + 1, sizeof *c->lines, 8))
        return vt__fail(VT_ERR_NOMEM, "cart: out of memory");
    c->lines[c->count++] = (vt_cart_line){product, variant, size, quantity};
    return VT_OK;
}

vt_result vt_cart_remove_product(vt_cart *c, uint32_t product) {
    VT_ASSERT(c);
    uint32_t kept = 0;
    for (uint32_t i = 0; i < c->count; i++)
        if (c->lines[i].product != product) c->lines[kept++] = c->lines[i];
    if (kept == c->count) {
        const char *id =
            product < c->def->product_count ? c->def->products[product].id : "(no such product)";
        return vt__fail(VT_ERR_INVALID, "cart: '%s' is not in the cart", id);
    }
    c->count = kept;
    return VT_OK;
}

uint32_t vt_cart_lines(const vt_cart *c, const vt_cart_line **out) {
    VT_ASSERT(c);
    if (out) *out = c->lines;
    return c->count;
}

vt_money vt_cart_total(const vt_cart *c) {
    VT_ASSERT(c);
    vt_money m = {0};
    memcpy(m.currency, c->def->currency, sizeof m.currency);
    int64_t total = 0;
    /* vt_cart_add keeps every total representable */
    if (total_with(c, UINT32_MAX, 0, &total)) m.minor = total;
    return m;
}
