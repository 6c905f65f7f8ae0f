-- SPDX-License-Identifier: GPL-3.0-or-later
-- Blank template: one empty customer journey map with generic stages and the core lanes.

INSERT INTO map (id, position, title, persona, scenario) VALUES
  (1, 0, 'Customer Journey', NULL, '');

INSERT INTO stage (id, map, position, title, description) VALUES
  (1, 1, 0, 'Discover', 'How does the customer realize they have a need, and first hear about us?'),
  (2, 1, 1, 'Decide', 'How do they compare options and choose to go ahead?'),
  (3, 1, 2, 'Use', 'What happens when they buy, start using, or receive the service?'),
  (4, 1, 3, 'Return', 'What brings them back, makes them recommend us, or makes them leave?');

INSERT INTO lane (id, map, position, title, kind) VALUES
  (11, 1, 0, 'Touchpoints', 'touchpoints'),
  (12, 1, 1, 'Actions', 'actions'),
  (13, 1, 2, 'Emotions', 'emotions'),
  (14, 1, 3, 'Pain Points', 'pain-points'),
  (15, 1, 4, 'Opportunities', 'opportunities');
