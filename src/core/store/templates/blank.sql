-- SPDX-License-Identifier: GPL-3.0-or-later
-- Blank template: one empty journey map with three stages and the core lanes.
-- Ids are unique across all tables: maps from 11, stages from 101, lanes from 211.

INSERT INTO map (id, position, title, persona, scenario) VALUES
  (11, 0, 'Customer Journey', NULL, '');

INSERT INTO stage (id, map, position, title, description) VALUES
  (101, 11, 0, 'Before', 'How does the customer realise they have a need, and choose us?'),
  (102, 11, 1, 'During', 'What happens when they buy, start using, or receive the service?'),
  (103, 11, 2, 'After', 'What brings them back, makes them recommend us, or makes them leave?');

INSERT INTO lane (id, map, position, title, kind) VALUES
  (211, 11, 0, 'Touchpoints', 'touchpoints'),
  (212, 11, 1, 'Actions', 'actions'),
  (213, 11, 2, 'Thoughts', 'thoughts'),
  (214, 11, 3, 'Emotions', 'emotions'),
  (215, 11, 4, 'Pain Points', 'pain-points'),
  (216, 11, 5, 'Opportunities', 'opportunities');
