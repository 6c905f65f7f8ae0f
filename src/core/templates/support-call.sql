-- SPDX-License-Identifier: GPL-3.0-or-later
-- Support call template: a broadband customer phoning for help, through the phone menu and hold queue to resolution.

INSERT INTO persona (id, position, name, role, quote, goals, frustrations, photo) VALUES
  (1, 0, 'Gary Whitfield', 'Retired teacher; home broadband customer for nine years',
   'I just want to speak to someone who can actually see what''s wrong with my line.',
   'Get a stable connection for evening video calls with his grandchildren
Explain the problem once
Know how long he will be waiting
Get a clear date for the fix',
   'Being told to restart the router again
Phone menus that don''t fit his problem
Hold music with no idea of the wait
Repeating his account number to every person',
   NULL);

INSERT INTO map (id, position, title, persona, scenario) VALUES
  (1, 0, 'Calling Customer Support', 1,
   'Gary''s broadband has dropped every evening for a week. The usual router restart hasn''t helped, so he calls his provider.');

INSERT INTO stage (id, map, position, title, description) VALUES
  (1, 1, 0, 'Notice Problem', 'Realizes the connection problem isn''t going away on its own.'),
  (2, 1, 1, 'Search for Help', 'Tries the help center before picking up the phone.'),
  (3, 1, 2, 'Place the Call', 'Finds the right number and dials.'),
  (4, 1, 3, 'Phone Menu', 'Navigates the automated menu (IVR) to reach the right team.'),
  (5, 1, 4, 'Wait on Hold', 'Waits in the queue for an agent.'),
  (6, 1, 5, 'Talk to Agent', 'Explains the problem and the agent diagnoses the line.'),
  (7, 1, 6, 'Resolution', 'An engineer visit is booked and the fault is fixed.'),
  (8, 1, 7, 'Follow-up Survey', 'Is asked to rate the experience.');

INSERT INTO lane (id, map, position, title, kind) VALUES
  (11, 1, 0, 'Touchpoints', 'touchpoints'),
  (12, 1, 1, 'Actions', 'actions'),
  (13, 1, 2, 'Thoughts', 'thoughts'),
  (14, 1, 3, 'Emotions', 'emotions'),
  (15, 1, 4, 'Pain Points', 'pain-points'),
  (16, 1, 5, 'Opportunities', 'opportunities'),
  (17, 1, 6, 'Backstage', 'backstage');

-- Touchpoints
INSERT INTO card (id, lane, stage, position, kind, title, body, channel) VALUES
  (101, 11, 1, 0, 'touchpoint', 'Service status in app', 'The account app says “No known issues in your area”.', 'mobile-app'),
  (102, 11, 2, 0, 'touchpoint', 'Help center search', 'Searching “internet keeps dropping” returns generic router restart articles.', 'web'),
  (103, 11, 3, 0, 'touchpoint', 'Contact us page', 'The phone number is listed below the chatbot and callback form.', 'web'),
  (104, 11, 4, 0, 'touchpoint', 'IVR main menu', 'Six keypad options, then a prompt to “tell us in a few words why you''re calling”.', 'phone'),
  (105, 11, 5, 0, 'touchpoint', 'Hold music and messages', 'A recording suggests fixing the problem online every 90 seconds.', 'phone'),
  (106, 11, 6, 0, 'touchpoint', 'Technical support agent', 'A second-line agent runs a remote line test while he waits.', 'phone'),
  (107, 11, 7, 0, 'touchpoint', 'Engineer visit confirmation', 'A text confirms a four-hour appointment window two days later.', 'sms'),
  (108, 11, 7, 1, 'touchpoint', 'Resolution summary email', 'Explains the cabinet fault and a goodwill credit on the next bill.', 'email'),
  (109, 11, 8, 0, 'touchpoint', 'Post-call survey text', 'Asks him to rate the agent from 1 to 10.', 'sms');

-- Actions
INSERT INTO card (id, lane, stage, position, kind, title, body) VALUES
  (110, 12, 1, 0, 'note', 'Restarts the router', 'Power-cycles it for the third time this week.'),
  (111, 12, 2, 0, 'note', 'Follows a help article', 'Repeats the restart steps he has already tried.'),
  (112, 12, 3, 0, 'note', 'Looks for a phone number', 'Scrolls past chat and callback options to find a number to call.'),
  (113, 12, 4, 0, 'note', 'Enters account number', 'Types it on the keypad, then is asked to say it again.'),
  (114, 12, 4, 1, 'note', 'Chooses “Billing” to reach someone', 'No option matches, so he picks the one most likely to get a person.'),
  (115, 12, 5, 0, 'note', 'Waits on speakerphone', 'Keeps doing chores for 38 minutes with the phone on the table.'),
  (116, 12, 6, 0, 'note', 'Explains the problem again', 'Repeats everything he already told the phone menu.'),
  (117, 12, 7, 0, 'note', 'Stays home for the engineer', 'Cancels a morning appointment to be in for the visit.'),
  (118, 12, 8, 0, 'note', 'Gives the agent 9/10', 'Adds a comment about the wait that nobody follows up.');

-- Thoughts
INSERT INTO card (id, lane, stage, position, kind, title, body) VALUES
  (119, 13, 1, 0, 'quote', 'Why does it always drop at night?', ''),
  (120, 13, 4, 0, 'quote', 'None of these options fit', ''),
  (121, 13, 5, 0, 'quote', 'Thirty minutes and I''m still “important”?', ''),
  (122, 13, 6, 0, 'quote', 'Finally, someone who can see the line', ''),
  (123, 13, 8, 0, 'note', 'Rating the agent, not the company', 'He wants to praise the agent and complain about the wait, but the survey only asks about the agent.');

-- Pain points
INSERT INTO card (id, lane, stage, position, kind, title, body, severity) VALUES
  (124, 15, 2, 0, 'pain-point', 'Articles assume a restart fixes it', 'Nothing covers faults that come back every evening.', 1),
  (125, 15, 4, 0, 'pain-point', 'No menu option fits', 'Nothing covers intermittent drops, so he is routed to billing.', 3),
  (126, 15, 4, 1, 'pain-point', 'Speech prompt mishears him', '“Internet dropping” is recognized as “international calling”.', 2),
  (127, 15, 4, 2, 'pain-point', 'Account number asked twice', 'Details entered in the phone menu are not passed to the agent.', 2),
  (128, 15, 5, 0, 'pain-point', 'No wait time or position', 'He can''t tell whether to keep holding or try again later.', 3),
  (129, 15, 5, 1, 'pain-point', 'Transfer restarts the queue', 'Billing transfers him to technical support and he waits again from the back.', 3),
  (130, 15, 5, 2, 'pain-point', 'Callback only offered tomorrow', 'The option appears after 25 minutes, with next-day slots only.', 2),
  (131, 15, 7, 0, 'pain-point', 'Four-hour visit window', 'He has to stay home all morning for the engineer.', 1),
  (132, 15, 8, 0, 'pain-point', 'Survey ignores the wait', 'Questions cover the agent only, not the 38 minutes on hold.', 1);

-- Opportunities
INSERT INTO card (id, lane, stage, position, span, kind, title, body, owner, status) VALUES
  (133, 16, 1, 0, 1, 'opportunity', 'Proactive line fault alerts', 'Detect repeated evening drops from router data and text the customer first.', 'Network Operations team', 'idea'),
  (134, 16, 2, 0, 1, 'opportunity', 'Line test in help center', 'Run a line test from the help page before suggesting articles.', 'Digital Care team', 'planned'),
  (135, 16, 4, 0, 1, 'opportunity', 'Intent-based routing', 'Use the spoken reason and line test results to route straight to technical support.', 'Contact Center team', 'in progress'),
  (136, 16, 5, 0, 1, 'opportunity', 'Virtual hold with callback', 'Announce the expected wait and offer a same-day callback in the first minute.', 'Contact Center team', 'planned'),
  (137, 16, 6, 0, 2, 'opportunity', 'One case from call to fix', 'Carry phone menu inputs, line tests and history into one case the agent and engineer both see.', 'CRM team', 'planned'),
  (138, 16, 8, 0, 1, 'opportunity', 'Survey the whole journey', 'Ask about effort and wait as well as the agent, and close the loop on comments.', 'CX Insights team', 'idea');

-- Backstage
INSERT INTO card (id, lane, stage, position, kind, title, body) VALUES
  (139, 17, 1, 0, 'note', 'Network monitoring', 'Evening congestion on the local cabinet is logged but not linked to customers.'),
  (140, 17, 4, 0, 'note', 'IVR routing rules', 'The menu tree hasn''t been reviewed in three years; unknown reasons go to billing.'),
  (141, 17, 5, 0, 'note', 'Workforce scheduling', 'Evening shifts are understaffed for call volume after 6 pm.'),
  (142, 17, 6, 0, 'note', 'Remote line test', 'The agent triggers a line test that takes four minutes to return.'),
  (143, 17, 8, 0, 'note', 'Survey scores to QA', 'Scores feed agent quality reviews; free-text comments are rarely read.');

-- Emotion curve
INSERT INTO emotion (id, lane, stage, card, score, label) VALUES
  (1, 14, 1, NULL, -1, 'Annoyed'),
  (2, 14, 2, NULL, -1, 'Confused'),
  (3, 14, 3, NULL, 0, 'Determined'),
  (4, 14, 4, NULL, -2, 'Frustrated'),
  (5, 14, 5, NULL, -3, 'Exasperated'),
  (6, 14, 6, NULL, 1, 'Reassured'),
  (7, 14, 7, NULL, 2, 'Relieved'),
  (8, 14, 8, NULL, 0, 'Indifferent');
