/* vitrine/vitrine.h — the umbrella header: every public module. */
#ifndef VITRINE_VITRINE_H
#define VITRINE_VITRINE_H

#include "vitrine/base.h"
#include "vitrine/core.h"
#include "vitrine/geom.h"
#include "vitrine/scene.h"
#include "vitrine/asset.h"
#include "vitrine/render.h"
#include "vitrine/platform.h"
#include "vitrine/ui.h"
#include "vitrine/fit.h"

#endif
