/* body.json: reading, range checks and derived measurements. */
#include "core/internal.h"
#include "vitrine/fit.h"

#include <fcntl.h>
#include <jansson.h>
#include <math.h>
#include <stddef.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

typedef struct field {
    const char *name;
    size_t offset;
    bool required;
    float lo, hi; /* accepted range, cm */
} field;

#define F(n, req, lo, hi)                                                                          \
    { #n, offsetof(vt_body_measurements, n), req, lo, hi }
static const field fields[] = {
    F(stature, true, 120, 220),         F(chest_girth, true, 60, 180),
    F(waist_girth, true, 40, 200),      F(hip_girth, true, 60, 190),
    F(underbust_girth, false, 55, 160), F(inside_leg_length, false, 50, 110),
    F(shoulder_width, false, 28, 60),   F(arm_length, false, 45, 90),
    F(neck_girth, false, 25, 60),       F(thigh_girth, false, 35, 100),
};
#undef F

static float *at(vt_body_measurements *m, const field *f) {
    return (float *)(void *)((char *)m + f->offset);
}

/* Ratios of 50th-percentile figures for UK adults aged 19-65 in Pheasant &
   Haslegrave, "Bodyspace" (3rd ed., 2006), tables 10.1/10.2 (female, male):
   crotch height 745/835 mm over stature 1610/1755 mm, biacromial breadth
   355/400, shoulder-to-wrist (upper arm + forearm) ~535/590; neck and thigh
   girth ratios from the size tables of EN 13402-3 style charts (neck ~0.36 /
   0.38 of chest, thigh ~0.58 / 0.56 of hip). Rounded; a mannequin needs
   plausible, not individual, proportions. */
typedef struct ratios {
    float inside_leg, shoulder, arm; /* of stature */
    float neck, underbust;           /* of chest */
    float thigh;                     /* of hip */
} ratios;
static const ratios female_r = {0.450f, 0.215f, 0.330f, 0.360f, 0.870f, 0.580f};
static const ratios male_r = {0.455f, 0.230f, 0.335f, 0.380f, 0.920f, 0.560f};

static float mix(float a, float b, float t) {
    return a + (b - a) * t;
}

static vt_result range_fail(const char *src, const char *name, float v, float lo, float hi) {
    return vt__fail(VT_ERR_INVALID, "%s: $.%s: %g cm is outside %g..%g cm", src, name, (double)v,
                    (double)lo, (double)hi);
}

vt_result vt_body_complete(vt_body_measurements *m, const char *source) {
    VT_ASSERT(m);
    const char *src = source ? source : "body";
    if (m->body_type != VT_BODY_NEUTRAL && m->body_type != VT_BODY_FEMALE &&
        m->body_type != VT_BODY_MALE)
        return vt__fail(VT_ERR_INVALID, "%s: $.body_type: unknown body type %d", src,
                        (int)m->body_type);
    for (size_t i = 0; i < VT_COUNTOF(fields); i++) {
        float v = *at(m, &fields[i]);
        if (!isfinite(v))
            return vt__fail(VT_ERR_INVALID, "%s: $.%s: not a finite number", src, fields[i].name);
        if (v == 0 && !fields[i].required) continue;
        if (v == 0 && fields[i].required)
            return vt__fail(VT_ERR_INVALID, "%s: $.%s: missing (required)", src, fields[i].name);
        if (v < fields[i].lo || v > fields[i].hi)
            return range_fail(src, fields[i].name, v, fields[i].lo, fields[i].hi);
    }
    float t = m->body_type == VT_BODY_FEMALE ? 0.0f : m->body_type == VT_BODY_MALE ? 1.0f : 0.5f;
    ratios r = {mix(female_r.inside_leg, male_r.inside_leg, t),
                mix(female_r.shoulder, male_r.shoulder, t),
                mix(female_r.arm, male_r.arm, t),
                mix(female_r.neck, male_r.neck, t),
                mix(female_r.underbust, male_r.underbust, t),
                mix(female_r.thigh, male_r.thigh, t)};
    /* Combinations no adult body has (and the mannequin could not express). */
    float wh = m->waist_girth / m->hip_girth, ch = m->chest_girth / m->hip_girth;
    if (wh < 0.5f || wh > 1.3f)
        return vt__fail(VT_ERR_INVALID,
                        "%s: $.waist_girth: %g cm is outside %g..%g cm (0.5..1.3 of hip_girth)",
                        src, (double)m->waist_girth, (double)(0.5f * m->hip_girth),
                        (double)(1.3f * m->hip_girth));
    if (ch < 0.6f || ch > 1.5f)
        return vt__fail(VT_ERR_INVALID,
                        "%s: $.chest_girth: %g cm is outside %g..%g cm (0.6..1.5 of hip_girth)",
                        src, (double)m->chest_girth, (double)(0.6f * m->hip_girth),
                        (double)(1.5f * m->hip_girth));
    float wc = m->waist_girth / m->chest_girth;
    if (wc < 0.55f || wc > 1.5f)
        return vt__fail(VT_ERR_INVALID,
                        "%s: $.waist_girth: %g cm is outside %g..%g cm (0.55..1.5 of chest_girth)",
                        src, (double)m->waist_girth, (double)(0.55f * m->chest_girth),
                        (double)(1.5f * m->chest_girth));
    if (m->inside_leg_length != 0) {
        float lo = 0.38f * m->stature, hi = 0.52f * m->stature;
        if (m->inside_leg_length < lo || m->inside_leg_length > hi)
            return vt__fail(VT_ERR_INVALID,
                            "%s: $.inside_leg_length: %g cm is outside %g..%g cm (0.38..0.52 of "
                            "stature)",
                            src, (double)m->inside_leg_length, (double)lo, (double)hi);
    }
    if (m->underbust_girth != 0 && m->underbust_girth > m->chest_girth)
        return vt__fail(VT_ERR_INVALID,
                        "%s: $.underbust_girth: %g cm is outside %g..%g cm (at most chest_girth)",
                        src, (double)m->underbust_girth, 55.0, (double)m->chest_girth);
    /* A given optional field in proportion to the body (about the 1st to
       99th percentile of the ratios in Pheasant & Haslegrave and wider):
       a mannequin with thighs wider than its hips, or a neck as thick as
       its chest, cannot be built as a person. */
    static const struct {
        const char *name, *of;
        size_t field, base;
        float lo, hi;
    } prop[] = {
        {"shoulder_width", "stature", offsetof(vt_body_measurements, shoulder_width),
         offsetof(vt_body_measurements, stature), 0.18f, 0.28f},
        {"arm_length", "stature", offsetof(vt_body_measurements, arm_length),
         offsetof(vt_body_measurements, stature), 0.28f, 0.38f},
        {"neck_girth", "chest_girth", offsetof(vt_body_measurements, neck_girth),
         offsetof(vt_body_measurements, chest_girth), 0.30f, 0.46f},
        {"thigh_girth", "hip_girth", offsetof(vt_body_measurements, thigh_girth),
         offsetof(vt_body_measurements, hip_girth), 0.48f, 0.68f},
        {"underbust_girth", "chest_girth", offsetof(vt_body_measurements, underbust_girth),
         offsetof(vt_body_measurements, chest_girth), 0.75f, 1.0f},
    };
    for (size_t i = 0; i < VT_COUNTOF(prop); i++) {
        float v = *(const float *)(const void *)((const char *)m + prop[i].field);
        float base = *(const float *)(const void *)((const char *)m + prop[i].base);
        if (v != 0 && (v < prop[i].lo * base || v > prop[i].hi * base))
            return vt__fail(VT_ERR_INVALID, "%s: $.%s: %g cm is outside %g..%g cm (%g..%g of %s)",
                            src, prop[i].name, (double)v, (double)(prop[i].lo * base),
                            (double)(prop[i].hi * base), (double)prop[i].lo, (double)prop[i].hi,
                            prop[i].of);
    }
    if (m->inside_leg_length == 0) m->inside_leg_length = r.inside_leg * m->stature;
    if (m->shoulder_width == 0) m->shoulder_width = r.shoulder * m->stature;
    if (m->arm_length == 0) m->arm_length = r.arm * m->stature;
    if (m->neck_girth == 0) m->neck_girth = r.neck * m->chest_girth;
    if (m->underbust_girth == 0) m->underbust_girth = r.underbust * m->chest_girth;
    if (m->thigh_girth == 0) m->thigh_girth = r.thigh * m->hip_girth;
    /* A derived value stays inside its own accepted range. */
    for (size_t i = 0; i < VT_COUNTOF(fields); i++) {
        float *v = at(m, &fields[i]);
        *v = *v < fields[i].lo ? fields[i].lo : *v > fields[i].hi ? fields[i].hi : *v;
    }
    return VT_OK;
}

vt_result vt_body_load_json(const char *path, vt_body_measurements *out) {
    VT_ASSERT(path && out);
    memset(out, 0, sizeof *out);
    /* O_NONBLOCK: a FIFO must not wait for a writer; only regular files are read */
    int file_fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK);
    struct stat st;
    if (file_fd >= 0 && (fstat(file_fd, &st) != 0 || !S_ISREG(st.st_mode))) {
        close(file_fd);
        return vt__fail(VT_ERR_IO, "%s: not a regular file", path);
    }
    FILE *f = file_fd >= 0 ? fdopen(file_fd, "rb") : NULL;
    if (!f) {
        if (file_fd >= 0) close(file_fd);
        return vt__fail(VT_ERR_IO, "%s: cannot open", path);
    }
    json_error_t err;
    json_t *root = json_loadf(f, JSON_REJECT_DUPLICATES, &err);
    fclose(f);
    if (!root)
        return vt__fail(VT_ERR_PARSE, "%s: invalid JSON at line %d column %d: %s", path, err.line,
                        err.column, err.text);
    vt_result r = VT_OK;
    if (!json_is_object(root)) {
        r = vt__fail(VT_ERR_PARSE, "%s: $: expected an object, found %s", path,
                     vt__json_type_name(root));
        goto done;
    }
    vt_body_measurements m = {0};
    const char *key;
    json_t *v;
    bool have_type = false;
    json_object_foreach(root, key, v) {
        if (!strcmp(key, "body_type")) {
            const char *s = json_string_value(v);
            if (!s) {
                r = vt__fail(VT_ERR_PARSE, "%s: $.body_type: expected a string, found %s", path,
                             vt__json_type_name(v));
                goto done;
            }
            if (!strcmp(s, "female"))
                m.body_type = VT_BODY_FEMALE;
            else if (!strcmp(s, "male"))
                m.body_type = VT_BODY_MALE;
            else if (!strcmp(s, "neutral"))
                m.body_type = VT_BODY_NEUTRAL;
            else {
                r = vt__fail(VT_ERR_INVALID,
                             "%s: $.body_type: unknown body type \"%.40s\" (female, male or "
                             "neutral)",
                             path, s);
                goto done;
            }
            have_type = true;
            continue;
        }
        if (!strcmp(key, "name")) {
            if (!json_is_string(v)) {
                r = vt__fail(VT_ERR_PARSE, "%s: $.name: expected a string, found %s", path,
                             vt__json_type_name(v));
                goto done;
            }
            continue;
        }
        const field *fd = NULL;
        for (size_t i = 0; i < VT_COUNTOF(fields); i++)
            if (!strcmp(key, fields[i].name)) fd = &fields[i];
        if (!fd) {
            r = vt__fail(VT_ERR_PARSE, "%s: $.%.60s: unknown member", path, key);
            goto done;
        }
        if (!json_is_number(v)) {
            r = vt__fail(VT_ERR_PARSE, "%s: $.%s: expected a number (cm), found %s", path, fd->name,
                         vt__json_type_name(v));
            goto done;
        }
        double d = json_number_value(v);
        if (!(d >= fd->lo && d <= fd->hi)) {
            r = range_fail(path, fd->name, (float)d, fd->lo, fd->hi);
            goto done;
        }
        *at(&m, fd) = (float)d;
    }
    if (!have_type) {
        r = vt__fail(VT_ERR_PARSE, "%s: $.body_type: missing (female, male or neutral)", path);
        goto done;
    }
    for (size_t i = 0; i < VT_COUNTOF(fields); i++)
        if (fields[i].required && *at(&m, &fields[i]) == 0) {
            r = vt__fail(VT_ERR_PARSE, "%s: $.%s: missing (required, cm)", path, fields[i].name);
            goto done;
        }
    r = vt_body_complete(&m, path);
    if (r == VT_OK) *out = m;
done:
    json_decref(root);
    return r;
}
