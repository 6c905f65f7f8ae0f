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
  (11, 0, 'Business Hotel Stay', 1,
   'Elena books two nights near a client''s office through her company''s travel portal and arrives on an afternoon flight.');

INSERT INTO stage (id, map, position, title, description) VALUES
  (101, 11, 0, 'Book', 'Reserves the room through the corporate travel portal.'),
  (102, 11, 1, 'Arrive', 'Travels from the airport and finds the hotel.'),
  (103, 11, 2, 'Check In', 'Identifies herself, pays a deposit and gets her key.'),
  (104, 11, 3, 'Stay', 'Works, eats and sleeps in the room for two nights.'),
  (105, 11, 4, 'Check Out', 'Settles the bill and leaves early for the client site.'),
  (106, 11, 5, 'After the Stay', 'Claims expenses and gives feedback.');

INSERT INTO lane (id, map, position, title, kind) VALUES
  (211, 11, 0, 'Physical Evidence', 'notes'),
  (212, 11, 1, 'Customer Actions', 'actions'),
  (213, 11, 2, 'Frontstage', 'touchpoints'),
  (214, 11, 4, 'Backstage', 'backstage'),
  (215, 11, 5, 'Support Processes', 'backstage'),
  (216, 11, 6, 'Emotions', 'emotions'),
  (217, 11, 7, 'Pain Points', 'pain-points');

-- The line of visibility: what the customer sees is above it, what happens
-- behind the scenes below. A collapsed, empty lane draws it as a divider.
INSERT INTO lane (id, map, position, title, kind, collapsed) VALUES
  (218, 11, 3, 'Line of Visibility', 'notes', 1);

-- Physical evidence
INSERT INTO card (id, lane, stage, position, kind, title, body) VALUES
  (1101, 211, 101, 0, 'note', 'Confirmation email and PDF', 'Shows the rate, cancellation policy and her loyalty number.'),
  (1102, 211, 102, 0, 'note', 'Entrance and signage', 'The main entrance is on a side street; the sign faces the main road.'),
  (1103, 211, 103, 0, 'note', 'Lobby, desk and key card', 'The key card sleeve carries the room number and Wi-Fi password.'),
  (1104, 211, 104, 0, 'note', 'Room and amenities', 'Desk, kettle, blackout curtains and a printed Wi-Fi card.'),
  (1105, 211, 105, 0, 'note', 'Itemized folio', 'A PDF bill with room, breakfast and room service charges.'),
  (1106, 211, 106, 0, 'note', 'Loyalty statement email', 'Points earned for the stay, with a link to the survey.');

-- Customer actions
INSERT INTO card (id, lane, stage, position, kind, title, body) VALUES
  (1107, 212, 101, 0, 'note', 'Books via travel portal', 'Uses the company''s negotiated rate in the corporate booking tool.'),
  (1108, 212, 102, 0, 'note', 'Takes a taxi from the airport', 'Arrives at 3:10 pm with a laptop bag and a carry-on.'),
  (1109, 212, 103, 0, 'note', 'Shows ID and card', 'Hands over her passport and corporate card at the desk.'),
  (1110, 212, 103, 1, 'note', 'Waits for her room', 'Works from a lobby sofa until the room is released.'),
  (1111, 212, 104, 0, 'note', 'Works from the room', 'Joins two video calls and prepares workshop slides until late.'),
  (1112, 212, 104, 1, 'note', 'Orders room service', 'Orders dinner at 9 pm to keep working.'),
  (1113, 212, 105, 0, 'note', 'Checks out at 6:30 am', 'Leaves before the front desk is fully staffed.'),
  (1114, 212, 106, 0, 'note', 'Submits expense claim', 'Uploads the folio to the company expense tool.');

-- Frontstage (in-person interactions on the property use the 'store' channel)
INSERT INTO card (id, lane, stage, position, kind, title, body, channel) VALUES
  (1115, 213, 101, 0, 'touchpoint', 'Corporate booking portal', 'Lists the hotel with the negotiated rate and room types.', 'web'),
  (1116, 213, 102, 0, 'touchpoint', 'Pre-arrival text message', 'Offers mobile check-in and asks for her arrival time.', 'sms'),
  (1117, 213, 102, 1, 'touchpoint', 'Doorman greeting', 'Takes her bag and points her to the front desk.', 'store'),
  (1118, 213, 103, 0, 'touchpoint', 'Front desk check-in', 'The agent checks ID, takes a card pre-authorization and explains breakfast times.', 'store'),
  (1119, 213, 104, 0, 'touchpoint', 'Room service call', 'Orders by phone from the in-room menu.', 'phone'),
  (1120, 213, 104, 1, 'touchpoint', 'Housekeeping visit', 'Daily turn-down, skipped when the Do Not Disturb light is on.', 'store'),
  (1121, 213, 105, 0, 'touchpoint', 'Express check-out in app', 'Reviews charges and checks out from the hotel app.', 'mobile-app'),
  (1122, 213, 106, 0, 'touchpoint', 'Invoice email', 'The final invoice arrives the next morning.', 'email'),
  (1123, 213, 106, 1, 'touchpoint', 'Post-stay survey', 'A ten-question survey sent two days after check-out.', 'email');

-- Backstage
INSERT INTO card (id, lane, stage, position, kind, title, body) VALUES
  (1124, 214, 101, 0, 'note', 'Reservation sync to PMS', 'The booking flows from the portal through the channel manager into the property management system.'),
  (1125, 214, 102, 0, 'note', 'Room assignment', 'The duty manager assigns rooms by arrival time and loyalty tier.'),
  (1126, 214, 103, 0, 'note', 'Housekeeping releases rooms', 'Rooms are marked clean in the housekeeping app before the desk can assign them.'),
  (1127, 214, 104, 0, 'note', 'Kitchen prepares order', 'Room service tickets queue behind restaurant orders during the evening rush.'),
  (1128, 214, 105, 0, 'note', 'Night audit posts charges', 'Late room service charges can miss the folio if posted after the audit.'),
  (1129, 214, 106, 0, 'note', 'Guest relations review', 'Surveys scoring below 7 are reviewed within two working days.');

-- Support processes
INSERT INTO card (id, lane, stage, position, span, kind, title, body) VALUES
  (1130, 215, 101, 0, 2, 'note', 'Channel manager and rates', 'Revenue management loads corporate rates and pushes them to every booking channel.'),
  (1131, 215, 103, 0, 1, 'note', 'Key card encoding system', 'The door lock system encodes cards; outages mean manual keys.'),
  (1132, 215, 103, 1, 1, 'note', 'Laundry contractor', 'Clean linen arrives at 11 am daily, which sets when rooms can be ready.'),
  (1133, 215, 104, 0, 1, 'note', 'Outsourced Wi-Fi network', 'A third-party network capped at 10 Mbit/s per device.'),
  (1134, 215, 105, 0, 1, 'note', 'Payment gateway', 'Releases the pre-authorization and captures the final amount.'),
  (1135, 215, 106, 0, 1, 'note', 'CRM and loyalty platform', 'Stores stay history and preferences for the next booking.');

-- Pain points
INSERT INTO card (id, lane, stage, position, kind, title, body, severity) VALUES
  (1136, 217, 101, 0, 'pain-point', 'Corporate rate not shown', 'The portal shows the public rate until the company code is entered again.', 1),
  (1137, 217, 103, 0, 'pain-point', 'Room not ready at 3 pm', 'She waits 40 minutes in the lobby after a long travel day.', 3),
  (1138, 217, 103, 1, 'pain-point', 'Queue at the front desk', 'Two agents serve a coach group and individual guests in one line.', 2),
  (1139, 217, 104, 0, 'pain-point', 'Wi-Fi drops on video calls', 'The connection fails twice during a client call.', 3),
  (1140, 217, 106, 0, 'pain-point', 'Invoice lacks company details', 'Finance rejects the claim because the company''s tax ID is missing.', 2),
  (1141, 217, 106, 1, 'pain-point', 'Corrected invoice takes days', 'Requests go to a shared accounts inbox with a five-day turnaround.', 2);

-- Emotion curve
INSERT INTO emotion (id, lane, stage, card, score, label) VALUES
  (3001, 216, 101, NULL, 1, 'Organized'),
  (3002, 216, 102, NULL, 0, 'Tired'),
  (3003, 216, 103, NULL, -2, 'Frustrated'),
  (3004, 216, 104, NULL, -1, 'Stressed'),
  (3005, 216, 105, NULL, 1, 'Relieved'),
  (3006, 216, 106, NULL, -1, 'Irritated');
