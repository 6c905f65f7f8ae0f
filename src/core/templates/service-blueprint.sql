-- SPDX-License-Identifier: GPL-3.0-or-later
-- Service blueprint template: a business traveler's hotel stay, from evidence and frontstage down to support processes.

INSERT INTO persona (id, position, name, role, quote, goals, frustrations, photo) VALUES
  (1, 0, 'Elena Novak', 'Management consultant; travels for client workshops twice a month',
   'After a twelve-hour day I need my room ready and Wi-Fi I can trust.',
   'Check in within five minutes, even late in the day
Work and take video calls from the room
Get an invoice finance accepts the first time
Collect loyalty points without chasing them',
   'Waiting in the lobby for a room after an early flight
Wi-Fi that drops in the middle of client calls
Invoices without her company''s details
Repeating her preferences at every stay',
   NULL);

INSERT INTO map (id, position, title, persona, scenario) VALUES
  (1, 0, 'Business Hotel Stay', 1,
   'Elena books two nights near a client''s office through her company''s travel portal and arrives on an afternoon flight.');

INSERT INTO stage (id, map, position, title, description) VALUES
  (1, 1, 0, 'Book', 'Reserves the room through the corporate travel portal.'),
  (2, 1, 1, 'Arrive', 'Travels from the airport and finds the hotel.'),
  (3, 1, 2, 'Check In', 'Identifies herself, pays a deposit and gets her key.'),
  (4, 1, 3, 'Stay', 'Works, eats and sleeps in the room for two nights.'),
  (5, 1, 4, 'Check Out', 'Settles the bill and leaves early for the client site.'),
  (6, 1, 5, 'After the Stay', 'Claims expenses and gives feedback.');

INSERT INTO lane (id, map, position, title, kind) VALUES
  (11, 1, 0, 'Physical Evidence', 'notes'),
  (12, 1, 1, 'Customer Actions', 'actions'),
  (13, 1, 2, 'Frontstage', 'touchpoints'),
  (14, 1, 3, 'Backstage', 'backstage'),
  (15, 1, 4, 'Support Processes', 'backstage'),
  (16, 1, 5, 'Emotions', 'emotions'),
  (17, 1, 6, 'Pain Points', 'pain-points');

-- Physical evidence
INSERT INTO card (id, lane, stage, position, kind, title, body) VALUES
  (101, 11, 1, 0, 'note', 'Confirmation email and PDF', 'Shows the rate, cancellation policy and her loyalty number.'),
  (102, 11, 2, 0, 'note', 'Entrance and signage', 'The main entrance is on a side street; the sign faces the main road.'),
  (103, 11, 3, 0, 'note', 'Lobby, desk and key card', 'The key card sleeve carries the room number and Wi-Fi password.'),
  (104, 11, 4, 0, 'note', 'Room and amenities', 'Desk, kettle, blackout curtains and a printed Wi-Fi card.'),
  (105, 11, 5, 0, 'note', 'Itemized folio', 'A PDF bill with room, breakfast and room service charges.'),
  (106, 11, 6, 0, 'note', 'Loyalty statement email', 'Points earned for the stay, with a link to the survey.');

-- Customer actions
INSERT INTO card (id, lane, stage, position, kind, title, body) VALUES
  (107, 12, 1, 0, 'note', 'Books via travel portal', 'Uses the company''s negotiated rate in the corporate booking tool.'),
  (108, 12, 2, 0, 'note', 'Takes a taxi from the airport', 'Arrives at 3:10 pm with a laptop bag and a carry-on.'),
  (109, 12, 3, 0, 'note', 'Shows ID and card', 'Hands over her passport and corporate card at the desk.'),
  (110, 12, 3, 1, 'note', 'Waits for her room', 'Works from a lobby sofa until the room is released.'),
  (111, 12, 4, 0, 'note', 'Works from the room', 'Joins two video calls and prepares workshop slides until late.'),
  (112, 12, 4, 1, 'note', 'Orders room service', 'Orders dinner at 9 pm to keep working.'),
  (113, 12, 5, 0, 'note', 'Checks out at 6:30 am', 'Leaves before the front desk is fully staffed.'),
  (114, 12, 6, 0, 'note', 'Submits expense claim', 'Uploads the folio to the company expense tool.');

-- Frontstage (in-person interactions on the property use the 'store' channel)
INSERT INTO card (id, lane, stage, position, kind, title, body, channel) VALUES
  (115, 13, 1, 0, 'touchpoint', 'Corporate booking portal', 'Lists the hotel with the negotiated rate and room types.', 'web'),
  (116, 13, 2, 0, 'touchpoint', 'Pre-arrival text message', 'Offers mobile check-in and asks for her arrival time.', 'sms'),
  (117, 13, 2, 1, 'touchpoint', 'Doorman greeting', 'Takes her bag and points her to the front desk.', 'store'),
  (118, 13, 3, 0, 'touchpoint', 'Front desk check-in', 'The agent checks ID, takes a card pre-authorization and explains breakfast times.', 'store'),
  (119, 13, 4, 0, 'touchpoint', 'Room service call', 'Orders by phone from the in-room menu.', 'phone'),
  (120, 13, 4, 1, 'touchpoint', 'Housekeeping visit', 'Daily turn-down, skipped when the Do Not Disturb light is on.', 'store'),
  (121, 13, 5, 0, 'touchpoint', 'Express check-out in app', 'Reviews charges and checks out from the hotel app.', 'mobile-app'),
  (122, 13, 6, 0, 'touchpoint', 'Invoice email', 'The final invoice arrives the next morning.', 'email'),
  (123, 13, 6, 1, 'touchpoint', 'Post-stay survey', 'A ten-question survey sent two days after check-out.', 'email');

-- Backstage
INSERT INTO card (id, lane, stage, position, kind, title, body) VALUES
  (124, 14, 1, 0, 'note', 'Reservation sync to PMS', 'The booking flows from the portal through the channel manager into the property management system.'),
  (125, 14, 2, 0, 'note', 'Room assignment', 'The duty manager assigns rooms by arrival time and loyalty tier.'),
  (126, 14, 3, 0, 'note', 'Housekeeping releases rooms', 'Rooms are marked clean in the housekeeping app before the desk can assign them.'),
  (127, 14, 4, 0, 'note', 'Kitchen prepares order', 'Room service tickets queue behind restaurant orders during the evening rush.'),
  (128, 14, 5, 0, 'note', 'Night audit posts charges', 'Late room service charges can miss the folio if posted after the audit.'),
  (129, 14, 6, 0, 'note', 'Guest relations review', 'Surveys scoring below 7 are reviewed within two working days.');

-- Support processes
INSERT INTO card (id, lane, stage, position, span, kind, title, body) VALUES
  (130, 15, 1, 0, 2, 'note', 'Channel manager and rates', 'Revenue management loads corporate rates and pushes them to every booking channel.'),
  (131, 15, 3, 0, 1, 'note', 'Key card encoding system', 'The door lock system encodes cards; outages mean manual keys.'),
  (132, 15, 3, 1, 1, 'note', 'Laundry contractor', 'Clean linen arrives at 11 am daily, which sets when rooms can be ready.'),
  (133, 15, 4, 0, 1, 'note', 'Outsourced Wi-Fi network', 'A third-party network capped at 10 Mbit/s per device.'),
  (134, 15, 5, 0, 1, 'note', 'Payment gateway', 'Releases the pre-authorization and captures the final amount.'),
  (135, 15, 6, 0, 1, 'note', 'CRM and loyalty platform', 'Stores stay history and preferences for the next booking.');

-- Pain points
INSERT INTO card (id, lane, stage, position, kind, title, body, severity) VALUES
  (136, 17, 1, 0, 'pain-point', 'Corporate rate not shown', 'The portal shows the public rate until the company code is entered again.', 1),
  (137, 17, 3, 0, 'pain-point', 'Room not ready at 3 pm', 'She waits 40 minutes in the lobby after a long travel day.', 3),
  (138, 17, 3, 1, 'pain-point', 'Queue at the front desk', 'Two agents serve a coach group and individual guests in one line.', 2),
  (139, 17, 4, 0, 'pain-point', 'Wi-Fi drops on video calls', 'The connection fails twice during a client call.', 3),
  (140, 17, 6, 0, 'pain-point', 'Invoice lacks company details', 'Finance rejects the claim because the company''s tax ID is missing.', 2),
  (141, 17, 6, 1, 'pain-point', 'Corrected invoice takes days', 'Requests go to a shared accounts inbox with a five-day turnaround.', 2);

-- Emotion curve
INSERT INTO emotion (id, lane, stage, card, score, label) VALUES
  (1, 16, 1, NULL, 1, 'Organized'),
  (2, 16, 2, NULL, 0, 'Tired'),
  (3, 16, 3, NULL, -2, 'Frustrated'),
  (4, 16, 4, NULL, -1, 'Stressed'),
  (5, 16, 5, NULL, 1, 'Relieved'),
  (6, 16, 6, NULL, -1, 'Irritated');
