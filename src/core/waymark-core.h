/* waymark-core.h
 *
 * Copyright 2026 The Waymark authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "base/waymark-error.h"
#include "base/waymark-format.h"
#include "base/waymark-geometry.h"
#include "base/waymark-number.h"
#include "base/waymark-temporary.h"
#include "data/waymark-csv-parser.h"
#include "data/waymark-import.h"
#include "data/waymark-metric.h"
#include "data/waymark-postgres.h"
#include "data/waymark-table-reader.h"
#include "export/waymark-export.h"
#include "export/waymark-pages.h"
#include "layout/waymark-layout.h"
#include "model/waymark-object.h"
#include "model/waymark-items.h"
#include "model/waymark-document.h"
#include "model/waymark-generate.h"
#include "model/waymark-metric-definition.h"
#include "model/waymark-period.h"
#include "render/waymark-painter.h"
#include "render/waymark-svg-writer.h"
#include "scene/waymark-scene.h"
#include "scene/waymark-map-scene.h"
#include "scene/waymark-theme.h"
#include "store/waymark-recovery.h"
#include "store/waymark-store.h"
