/* vitrine info FILE [--json]: what a model contains. */
#include "commands.h"
#include "options.h"
#include "vitrine/vitrine.h"

#include <jansson.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *usage_text =
    "usage: vitrine info FILE [--json]\n"
    "  Prints nodes, meshes, vertices, triangles, draw calls, materials (textures and\n"
    "  glTF extensions used), textures, bounds in metres, skins, animations and\n"
    "  material variants of a model.\n"
    "  --json   one JSON object on stdout\n";

static const struct {
    uint32_t bit;
    const char *name;
} ext_names[] = {
    {VT_MATEXT_UNLIT, "KHR_materials_unlit"},
    {VT_MATEXT_SPECULAR_GLOSSINESS, "KHR_materials_pbrSpecularGlossiness"},
    {VT_MATEXT_CLEARCOAT, "KHR_materials_clearcoat"},
    {VT_MATEXT_SHEEN, "KHR_materials_sheen"},
    {VT_MATEXT_TRANSMISSION, "KHR_materials_transmission"},
    {VT_MATEXT_EMISSIVE_STRENGTH, "KHR_materials_emissive_strength"},
    {VT_MATEXT_TEXTURE_TRANSFORM, "KHR_texture_transform"},
    {VT_MATEXT_IOR, "KHR_materials_ior"},
    {VT_MATEXT_VOLUME, "KHR_materials_volume"},
    {VT_MATEXT_SPECULAR, "KHR_materials_specular"},
};

typedef struct slot {
    const char *name;
    const vt_texture_ref *ref;
} slot;

static size_t material_slots(const vt_material *mt, slot out[10]) {
    const slot all[10] = {{"base_color", &mt->base_color_tex},
                          {"metallic_roughness", &mt->metallic_roughness_tex},
                          {"normal", &mt->normal_tex},
                          {"occlusion", &mt->occlusion_tex},
                          {"emissive", &mt->emissive_tex},
                          {"clearcoat", &mt->clearcoat_tex},
                          {"clearcoat_roughness", &mt->clearcoat_roughness_tex},
                          {"clearcoat_normal", &mt->clearcoat_normal_tex},
                          {"sheen_color", &mt->sheen_color_tex},
                          {"transmission", &mt->transmission_tex}};
    size_t n = 0;
    for (size_t i = 0; i < 10; i++)
        if (all[i].ref->image >= 0) out[n++] = all[i];
    return n;
}

static const char *alpha_name(vt_alpha_mode a) {
    return a == VT_ALPHA_MASK ? "MASK" : a == VT_ALPHA_BLEND ? "BLEND" : "OPAQUE";
}

/* A float as the shortest decimal that reads back as the same float. */
static json_t *jreal(float f) {
    char buf[32];
    snprintf(buf, sizeof buf, "%.9g", (double)f);
    for (int p = 6; p < 9; p++) {
        char t[32];
        snprintf(t, sizeof t, "%.*g", p, (double)f);
        if (strtof(t, NULL) == f) {
            snprintf(buf, sizeof buf, "%s", t);
            break;
        }
    }
    return json_real(strtod(buf, NULL));
}

static json_t *vec3(const float v[3]) {
    return json_pack("[ooo]", jreal(v[0]), jreal(v[1]), jreal(v[2]));
}

static int print_json(const vt_model *m, const vt_model_stats *st) {
    json_t *root = json_object();
    json_object_set_new(root, "file", vt_cli_json_string(m->path));
    json_object_set_new(root, "format", json_string(m->format));
    json_object_set_new(root, "file_bytes", json_integer(m->file_bytes));
    json_object_set_new(root, "unit_scale", jreal(m->unit_scale));
    json_object_set_new(root, "nodes", json_integer(st->nodes));
    json_object_set_new(root, "meshes", json_integer(st->meshes));
    json_object_set_new(root, "vertices", json_integer((json_int_t)st->vertices));
    json_object_set_new(root, "triangles", json_integer((json_int_t)st->triangles));
    json_object_set_new(root, "draw_calls", json_integer(st->draw_calls));
    json_object_set_new(root, "skins", json_integer(st->skins));
    json_object_set_new(root, "animations", json_integer(st->animations));
    json_object_set_new(root, "cameras", json_integer(m->camera_count));
    json_object_set_new(root, "lights", json_integer(st->lights));
    if (vt_aabb_is_empty(&st->bounds)) {
        json_object_set_new(root, "bounds", json_null());
    } else {
        float size[3];
        vt_aabb_size(&st->bounds, size);
        json_object_set_new(root, "bounds",
                            json_pack("{s:o,s:o,s:o}", "min", vec3(st->bounds.min), "max",
                                      vec3(st->bounds.max), "size", vec3(size)));
    }
    json_t *mats = json_array();
    for (uint32_t i = 0; i < m->material_count; i++) {
        const vt_material *mt = &m->materials[i];
        json_t *jm = json_object();
        json_object_set_new(jm, "name", vt_cli_json_string(mt->name));
        json_t *tex = json_object();
        slot slots[10];
        size_t n = material_slots(mt, slots);
        for (size_t k = 0; k < n; k++)
            json_object_set_new(tex, slots[k].name, json_integer(slots[k].ref->image));
        json_object_set_new(jm, "textures", tex);
        json_t *exts = json_array();
        for (size_t k = 0; k < sizeof ext_names / sizeof ext_names[0]; k++)
            if (mt->extensions & ext_names[k].bit)
                json_array_append_new(exts, json_string(ext_names[k].name));
        json_object_set_new(jm, "extensions", exts);
        json_object_set_new(jm, "base_color",
                            json_pack("[oooo]", jreal(mt->base_color[0]), jreal(mt->base_color[1]),
                                      jreal(mt->base_color[2]), jreal(mt->base_color[3])));
        json_object_set_new(jm, "metallic", jreal(mt->metallic));
        json_object_set_new(jm, "roughness", jreal(mt->roughness));
        json_object_set_new(jm, "emissive_strength", jreal(mt->emissive_strength));
        json_object_set_new(jm, "alpha_mode", json_string(alpha_name(mt->alpha_mode)));
        json_object_set_new(jm, "double_sided", json_boolean(mt->double_sided));
        json_array_append_new(mats, jm);
    }
    json_object_set_new(root, "materials", mats);
    json_t *texs = json_array();
    for (uint32_t i = 0; i < m->image_count; i++) {
        const vt_image *img = &m->images[i];
        json_array_append_new(
            texs, json_pack("{s:o,s:I,s:I,s:I,s:b}", "name", vt_cli_json_string(img->name), "width",
                            (json_int_t)img->width, "height", (json_int_t)img->height, "channels",
                            (json_int_t)img->channels, "placeholder", img->placeholder));
    }
    json_object_set_new(root, "textures", texs);
    json_t *vars = json_array();
    for (uint32_t i = 0; i < m->variant_count; i++)
        json_array_append_new(vars, vt_cli_json_string(m->variants[i]));
    json_object_set_new(root, "variants", vars);
    char *text = json_dumps(root, JSON_INDENT(2) | JSON_ENSURE_ASCII);
    json_decref(root);
    if (!text) {
        vt_app_error("%s: cannot encode the report as JSON", m->path);
        return 2;
    }
    puts(text);
    free(text);
    return 0;
}

static void human_size(long long bytes, char *out, size_t cap) {
    if (bytes < 0)
        snprintf(out, cap, "?");
    else if (bytes < 10 * 1024)
        snprintf(out, cap, "%lld B", bytes);
    else if (bytes < 10ll * 1024 * 1024)
        snprintf(out, cap, "%.1f KiB", (double)bytes / 1024.0);
    else
        snprintf(out, cap, "%.1f MiB", (double)bytes / (1024.0 * 1024.0));
}

static void print_text(const vt_model *m, const vt_model_stats *st) {
    char size[32];
    human_size(m->file_bytes, size, sizeof size);
    printf("%-12s %s\n", "file", m->path);
    printf("%-12s %s, %s\n", "format", m->format, size);
    if (m->unit_scale != 1.0f)
        printf("%-12s %g (file units to metres)\n", "unit scale", (double)m->unit_scale);
    printf("%-12s %u\n", "nodes", st->nodes);
    printf("%-12s %u\n", "meshes", st->meshes);
    printf("%-12s %llu\n", "vertices", (unsigned long long)st->vertices);
    printf("%-12s %llu\n", "triangles", (unsigned long long)st->triangles);
    printf("%-12s %u\n", "draw calls", st->draw_calls);
    if (vt_aabb_is_empty(&st->bounds)) {
        printf("%-12s none\n", "bounds");
    } else {
        float s[3];
        vt_aabb_size(&st->bounds, s);
        printf("%-12s min (%.4g, %.4g, %.4g)  max (%.4g, %.4g, %.4g) m\n", "bounds",
               (double)st->bounds.min[0], (double)st->bounds.min[1], (double)st->bounds.min[2],
               (double)st->bounds.max[0], (double)st->bounds.max[1], (double)st->bounds.max[2]);
        printf("%-12s %.4g x %.4g x %.4g m (w x h x d)\n", "size", (double)s[0], (double)s[1],
               (double)s[2]);
    }
    printf("%-12s %u\n", "skins", st->skins);
    printf("%-12s %u\n", "animations", st->animations);
    printf("%-12s %u\n", "cameras", m->camera_count);
    printf("%-12s %u\n", "lights", st->lights);
    printf("%-12s %u", "variants", m->variant_count);
    for (uint32_t i = 0; i < m->variant_count; i++) printf("%s%s", i ? ", " : ": ", m->variants[i]);
    putchar('\n');

    printf("%-12s %u\n", "materials", m->material_count);
    int w = 4;
    for (uint32_t i = 0; i < m->material_count; i++) {
        int l = (int)strlen(m->materials[i].name);
        if (l > w) w = l;
    }
    if (w > 32) w = 32;
    for (uint32_t i = 0; i < m->material_count; i++) {
        const vt_material *mt = &m->materials[i];
        printf("  %3u  %-*.*s  %-6s", i, w, w, mt->name[0] ? mt->name : "-",
               alpha_name(mt->alpha_mode));
        slot slots[10];
        size_t n = material_slots(mt, slots);
        printf("  textures: ");
        if (!n) printf("none");
        for (size_t k = 0; k < n; k++)
            printf("%s%s #%d", k ? ", " : "", slots[k].name, slots[k].ref->image);
        bool any = false;
        for (size_t k = 0; k < sizeof ext_names / sizeof ext_names[0]; k++)
            if (mt->extensions & ext_names[k].bit) {
                printf("%s%s", any ? ", " : "  extensions: ", ext_names[k].name);
                any = true;
            }
        putchar('\n');
    }
    printf("%-12s %u\n", "textures", m->image_count);
    w = 4;
    for (uint32_t i = 0; i < m->image_count; i++) {
        int l = (int)strlen(m->images[i].name);
        if (l > w) w = l;
    }
    if (w > 48) w = 48;
    for (uint32_t i = 0; i < m->image_count; i++) {
        const vt_image *img = &m->images[i];
        printf("  %3u  %-*.*s  %5u x %-5u  %u ch%s\n", i, w, w, img->name, img->width, img->height,
               img->channels, img->placeholder ? "  PLACEHOLDER (missing)" : "");
    }
}

static int info_option(vt_cli *c, void *opts, const char *a, const char *v) {
    (void)c;
    (void)v;
    if (strcmp(a, "--json") != 0) return VT_CLI_UNKNOWN;
    *(bool *)opts = true;
    return VT_CLI_FLAG;
}

int vt_cmd_info(int argc, char **argv) {
    bool as_json = false;
    vt_cli cli = {.name = "info", .usage = usage_text, .file_only = true};
    int rc = vt_cli_parse(&cli, argc, argv, info_option, &as_json);
    if (rc >= 0) return rc;
    const char *file = cli.input;
    vt_model *m = NULL;
    if (vt_model_load(file, NULL, &m) != VT_OK) {
        vt_app_error("%s", vt_last_error());
        return 2;
    }
    vt_model_stats st = vt_model_query_stats(m);
    rc = 0;
    if (as_json)
        rc = print_json(m, &st);
    else
        print_text(m, &st);
    vt_model_free(m);
    return rc;
}
