-- SPDX-License-Identifier: GPL-3.0-or-later
-- Waymark document schema, version 2 (PRAGMA user_version = 2).
-- Version 2 added stage.width, lane.height, metric.status, metric.computed
-- and metric_value.moe; see the migration steps in waymark-store.c.
-- The store sets application_id and user_version; this script only creates tables.
-- Enumerated words (kinds, channels) are checked by the model when a file is
-- read, not by CHECK (… IN …): SQLite evaluates such lists with a temporary
-- b-tree per row, which made saving 10,000 cards three times slower.
-- Ids are unique across all tables of a document. References are ids or NULL.
-- Colours are '#rrggbb' or '' for the default; times are ISO 8601 UTC.

CREATE TABLE document (
  id       INTEGER PRIMARY KEY CHECK (id = 1),
  title    TEXT NOT NULL,
  author   TEXT NOT NULL DEFAULT '',
  created  TEXT NOT NULL,
  modified TEXT NOT NULL
);

CREATE TABLE persona (
  id           INTEGER PRIMARY KEY,
  position     INTEGER NOT NULL,
  name         TEXT NOT NULL,
  role         TEXT NOT NULL DEFAULT '',
  quote        TEXT NOT NULL DEFAULT '',
  goals        TEXT NOT NULL DEFAULT '',
  frustrations TEXT NOT NULL DEFAULT '',
  photo        BLOB
);

CREATE TABLE map (
  id       INTEGER PRIMARY KEY,
  position INTEGER NOT NULL,
  title    TEXT NOT NULL,
  persona  INTEGER REFERENCES persona (id) ON DELETE SET NULL,
  scenario TEXT NOT NULL DEFAULT ''
);

CREATE TABLE stage (
  id          INTEGER PRIMARY KEY,
  map         INTEGER NOT NULL REFERENCES map (id) ON DELETE CASCADE,
  position    INTEGER NOT NULL,
  title       TEXT NOT NULL,
  description TEXT NOT NULL DEFAULT '',
  color       TEXT NOT NULL DEFAULT '',
  width       REAL NOT NULL DEFAULT 0  -- in points; 0: sized from its content
);

CREATE TABLE lane (
  id        INTEGER PRIMARY KEY,
  map       INTEGER NOT NULL REFERENCES map (id) ON DELETE CASCADE,
  position  INTEGER NOT NULL,
  title     TEXT NOT NULL,
  kind      TEXT NOT NULL,  -- notes, touchpoints, actions, thoughts, emotions, pain-points,
                            -- opportunities, channels, metrics, backstage, images, parking-lot
  color     TEXT NOT NULL DEFAULT '',
  collapsed INTEGER NOT NULL DEFAULT 0 CHECK (collapsed IN (0, 1)),
  height    REAL NOT NULL DEFAULT 0  -- smallest height in points; 0: sized from its content
);

-- position orders the cards within one (stage, lane) cell; span counts the stages covered.
CREATE TABLE card (
  id       INTEGER PRIMARY KEY,
  lane     INTEGER NOT NULL REFERENCES lane (id) ON DELETE CASCADE,
  stage    INTEGER NOT NULL REFERENCES stage (id) ON DELETE CASCADE,
  position INTEGER NOT NULL,
  span     INTEGER NOT NULL DEFAULT 1 CHECK (span >= 1),
  kind     TEXT NOT NULL,  -- touchpoint, note, pain-point, opportunity, quote
  title    TEXT NOT NULL DEFAULT '',
  body     TEXT NOT NULL DEFAULT '',
  channel  TEXT NOT NULL DEFAULT '',
  color    TEXT NOT NULL DEFAULT '',
  severity INTEGER NOT NULL DEFAULT 0 CHECK (severity BETWEEN 0 AND 3),  -- 0: none
  owner    TEXT NOT NULL DEFAULT '',
  status   TEXT NOT NULL DEFAULT '',
  votes    INTEGER NOT NULL DEFAULT 0 CHECK (votes >= 0)  -- dot votes from a workshop (version 3)
);

-- One point per (lane, stage), or per card when card is set.
CREATE TABLE emotion (
  id    INTEGER PRIMARY KEY,
  lane  INTEGER NOT NULL REFERENCES lane (id) ON DELETE CASCADE,
  stage INTEGER NOT NULL REFERENCES stage (id) ON DELETE CASCADE,
  card  INTEGER REFERENCES card (id) ON DELETE CASCADE,
  score INTEGER NOT NULL CHECK (score BETWEEN -3 AND 3),
  label TEXT NOT NULL DEFAULT ''
);

CREATE TABLE connector (
  id     INTEGER PRIMARY KEY,
  source INTEGER NOT NULL REFERENCES card (id) ON DELETE CASCADE,
  target INTEGER NOT NULL REFERENCES card (id) ON DELETE CASCADE,
  label  TEXT NOT NULL DEFAULT ''
);

CREATE TABLE comment (
  id      INTEGER PRIMARY KEY,
  card    INTEGER NOT NULL REFERENCES card (id) ON DELETE CASCADE,
  author  TEXT NOT NULL DEFAULT '',
  body    TEXT NOT NULL,
  created TEXT NOT NULL
);

-- Raw rows are never stored: only where they came from and how they were read.
CREATE TABLE dataset (
  id        INTEGER PRIMARY KEY,
  name      TEXT NOT NULL UNIQUE,
  source    TEXT NOT NULL,
  sha256    TEXT NOT NULL,
  size      INTEGER NOT NULL,
  imported  TEXT NOT NULL,
  row_count INTEGER NOT NULL,
  columns   TEXT NOT NULL,  -- JSON array of {"name", "type", "share"}
  recipe    TEXT NOT NULL   -- JSON object of parsing options
);

CREATE TABLE metric (
  id          INTEGER PRIMARY KEY,
  name        TEXT NOT NULL UNIQUE,
  kind        TEXT NOT NULL,
  dataset     INTEGER NOT NULL REFERENCES dataset (id) ON DELETE CASCADE,
  column_name TEXT NOT NULL,
  definition  TEXT NOT NULL,  -- JSON: filters, period, target, thresholds, unit, format
  status      TEXT NOT NULL DEFAULT '',  -- '': values current; else why they are stale
  computed    TEXT NOT NULL DEFAULT ''   -- when the values were last computed
);

CREATE TABLE metric_value (
  id       INTEGER PRIMARY KEY,
  metric   INTEGER NOT NULL REFERENCES metric (id) ON DELETE CASCADE,
  card     INTEGER REFERENCES card (id) ON DELETE CASCADE,
  stage    INTEGER REFERENCES stage (id) ON DELETE CASCADE,
  period   TEXT NOT NULL DEFAULT '',
  value    REAL,
  n        INTEGER NOT NULL,
  excluded INTEGER NOT NULL DEFAULT 0,
  moe      REAL NOT NULL DEFAULT 0  -- 95% margin of error; 0: none
);

-- Bookkeeping that is not part of the map, such as where a recovery copy came from.
CREATE TABLE meta (
  key   TEXT PRIMARY KEY,
  value TEXT NOT NULL
);

-- No indexes: Waymark reads whole tables into memory and never queries the
-- file; indexes would only slow saving down.
