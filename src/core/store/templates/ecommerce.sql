-- SPDX-License-Identifier: GPL-3.0-or-later
-- E-commerce template: a busy parent buying and sending a birthday gift online, from discovery to returns.

INSERT INTO persona (id, position, name, role, quote, goals, frustrations, photo) VALUES
  (1, 0, 'Priya Raman', 'Marketing manager and parent of two; shops on her phone between meetings',
   'I don''t have time to browse. I just need to know it will arrive before the party.',
   'Find a thoughtful gift in under 20 minutes
Be certain it arrives before the birthday
Send it gift-wrapped, with no price inside the box
Sort out problems without a phone call',
   'Delivery dates that turn out to be wrong
Being pushed to create yet another account
Shipping costs that only appear at the last step
Chasing couriers for parcels that stop moving',
   NULL);

INSERT INTO map (id, position, title, persona, scenario) VALUES
  (11, 0, 'Buying a Gift Online', 1,
   'Priya needs a birthday present for her eight-year-old nephew, delivered to her sister''s house within five days.');

INSERT INTO stage (id, map, position, title, description) VALUES
  (101, 11, 0, 'Discover', 'Gets the idea for a gift and finds a shop that might have it.'),
  (102, 11, 1, 'Research', 'Compares products, reads reviews and checks whether it will arrive in time.'),
  (103, 11, 2, 'Purchase', 'Adds gift options and pays as a guest on her phone.'),
  (104, 11, 3, 'Delivery', 'Tracks the parcel to her sister''s door.'),
  (105, 11, 4, 'Unboxing & Use', 'Her nephew opens the gift and starts playing with it.'),
  (106, 11, 5, 'Support & Returns', 'Sorts out a problem with the order after delivery.');

INSERT INTO lane (id, map, position, title, kind) VALUES
  (211, 11, 0, 'Touchpoints', 'touchpoints'),
  (212, 11, 1, 'Actions', 'actions'),
  (213, 11, 2, 'Thoughts', 'thoughts'),
  (214, 11, 3, 'Emotions', 'emotions'),
  (215, 11, 4, 'Pain Points', 'pain-points'),
  (216, 11, 5, 'Opportunities', 'opportunities'),
  (217, 11, 6, 'Backstage', 'backstage'),
  -- Filled by imported survey data (NPS, CSAT) once a dataset is bound.
  (218, 11, 7, 'Metrics', 'metrics');

-- Touchpoints
INSERT INTO card (id, lane, stage, position, kind, title, body, channel) VALUES
  (1101, 211, 101, 0, 'touchpoint', 'Instagram gift guide ad', 'A carousel of “Gifts for curious 8-year-olds” appears while she scrolls at lunch.', 'social'),
  (1102, 211, 101, 1, 'touchpoint', 'Search results page', 'She searches “science kit gift age 8” and lands on a category page.', 'web'),
  (1103, 211, 102, 0, 'touchpoint', 'Product detail page', 'Photos, age range and reviews, with delivery information below the fold.', 'web'),
  (1104, 211, 102, 1, 'touchpoint', 'Pre-sale chat', 'She asks whether the kit needs batteries or adult supervision.', 'chat'),
  (1105, 211, 103, 0, 'touchpoint', 'Guest checkout', 'Four-step mobile checkout with a gift-wrap option on step three.', 'web'),
  (1106, 211, 103, 1, 'touchpoint', 'Order confirmation email', 'Arrives within a minute with an order summary and a tracking link.', 'email'),
  (1107, 211, 104, 0, 'touchpoint', 'Dispatch text message', 'A tracking link is sent when the parcel leaves the warehouse.', 'sms'),
  (1108, 211, 104, 1, 'touchpoint', 'Courier tracking page', 'A third-party page with scan events and an estimated delivery window.', 'web'),
  (1109, 211, 105, 0, 'touchpoint', 'Gift-wrapped parcel', 'Delivered in a branded box with a printed gift note.', 'mail'),
  (1110, 211, 105, 1, 'touchpoint', 'Review request email', 'Sent three days after delivery, asking for a star rating.', 'email'),
  (1111, 211, 106, 0, 'touchpoint', 'Help center', 'Returns and missing-parts articles, with a contact form at the bottom.', 'web'),
  (1112, 211, 106, 1, 'touchpoint', 'Customer care chat', 'An agent confirms the missing part and offers a replacement or a refund.', 'chat');

-- Actions
INSERT INTO card (id, lane, stage, position, kind, title, body) VALUES
  (1113, 212, 101, 0, 'note', 'Saves the ad for later', 'Bookmarks the post to look at properly after work.'),
  (1114, 212, 102, 0, 'note', 'Compares three kits', 'Opens tabs for similar kits and checks prices and age ranges.'),
  (1115, 212, 102, 1, 'note', 'Reads critical reviews', 'Filters to one- and two-star reviews to spot quality problems.'),
  (1116, 212, 103, 0, 'note', 'Adds a gift message', 'Types a message and ticks “Hide prices on packing slip”.'),
  (1117, 212, 104, 0, 'note', 'Checks tracking twice a day', 'Refreshes the courier page and texts her sister for updates.'),
  (1118, 212, 105, 0, 'note', 'Watches it opened on video', 'Her nephew unwraps the box on a video call and starts the first experiment.'),
  (1119, 212, 106, 0, 'note', 'Reports a missing part', 'Sends a photo of the contents list showing the test-tube rack is missing.');

-- Thoughts
INSERT INTO card (id, lane, stage, position, kind, title, body) VALUES
  (1120, 213, 101, 0, 'quote', 'Not another plastic toy, please', ''),
  (1121, 213, 102, 0, 'quote', 'Will it arrive by Saturday?', 'The party is on Saturday and I can''t find a delivery date anywhere.'),
  (1122, 213, 103, 0, 'note', 'Unsure the price is hidden', 'She can''t tell whether the option also covers the invoice inside the box.'),
  (1123, 213, 104, 0, 'quote', 'Why is it still “in transit”?', ''),
  (1124, 213, 105, 0, 'quote', 'He hasn''t put it down', ''),
  (1125, 213, 106, 0, 'note', 'Expects to pay for returns', 'Assumes she will have to post the whole kit back at her own cost.');

-- Pain points
INSERT INTO card (id, lane, stage, position, kind, title, body, severity) VALUES
  (1126, 215, 102, 0, 'pain-point', 'Delivery date hidden', 'The arrives-by date only appears after entering a postal code at checkout.', 2),
  (1127, 215, 103, 0, 'pain-point', 'Surprise shipping cost', 'A delivery charge is added on the final step, after she has entered her card.', 2),
  (1128, 215, 103, 1, 'pain-point', 'Push to create an account', 'A full-screen sign-up prompt interrupts guest checkout.', 1),
  (1129, 215, 104, 0, 'pain-point', 'Tracking stalls for 48 hours', 'The status stays “in transit” with no explanation or revised date.', 3),
  (1130, 215, 106, 0, 'pain-point', 'Missing part in the box', 'A component bag was not packed, and the replacement takes five working days.', 2);

-- Opportunities
INSERT INTO card (id, lane, stage, position, span, kind, title, body, owner, status) VALUES
  (1131, 216, 101, 0, 1, 'opportunity', 'Age-based gift finder', 'A three-question quiz that shortlists gifts by age, interest and budget.', 'Merchandising team', 'planned'),
  (1132, 216, 102, 0, 2, 'opportunity', 'Show arrives-by date early', 'Use her location to show a guaranteed delivery date on the product page and carry it through checkout.', 'Checkout team', 'in progress'),
  (1133, 216, 104, 0, 1, 'opportunity', 'Proactive delay alerts', 'Text both buyer and recipient as soon as a scan is missed, with a new date.', 'Logistics team', 'idea'),
  (1134, 216, 105, 0, 1, 'opportunity', 'Gift receipt QR code', 'Let the recipient start an exchange without involving the buyer.', 'Customer Care team', 'idea'),
  (1135, 216, 106, 0, 1, 'opportunity', 'Next-day missing parts', 'Ship missing components next day with no return required.', 'Customer Care team', 'planned');

-- Backstage
INSERT INTO card (id, lane, stage, position, span, kind, title, body) VALUES
  (1136, 217, 101, 0, 2, 'note', 'Supplier stock feed', 'Inventory syncs every four hours, so “In stock” can be out of date.'),
  (1137, 217, 103, 0, 1, 'note', 'Fraud check', 'Gift orders shipped to a different address score higher risk and may be held for review.'),
  (1138, 217, 104, 0, 1, 'note', 'Warehouse pick & pack', 'Items are scanned, but kit contents are not checked against the bill of materials.'),
  (1139, 217, 104, 1, 1, 'note', 'Gift-wrap station', 'Wrapped orders add up to one working day before dispatch.'),
  (1140, 217, 106, 0, 1, 'note', 'Contact reason tagging', 'Agents tag contacts by reason so repeated packing faults reach the warehouse lead.');

-- Emotion curve
INSERT INTO emotion (id, lane, stage, card, score, label) VALUES
  (3001, 214, 101, NULL, 1, 'Curious'),
  (3002, 214, 102, NULL, 0, 'Unsure'),
  (3003, 214, 103, NULL, 1, 'Relieved'),
  (3004, 214, 104, NULL, -2, 'Anxious'),
  (3005, 214, 105, NULL, 3, 'Delighted'),
  (3006, 214, 106, NULL, -1, 'Annoyed');
