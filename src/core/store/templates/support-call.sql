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
  (11, 0, 'Calling Customer Support', 1,
   'Gary''s broadband has dropped every evening for a week. The usual router restart hasn''t helped, so he calls his provider.');

INSERT INTO stage (id, map, position, title, description) VALUES
  (101, 11, 0, 'Notice Problem', 'Realizes the connection problem isn''t going away on its own.'),
  (102, 11, 1, 'Search for Help', 'Tries the help center before picking up the phone.'),
  (103, 11, 2, 'Place the Call', 'Finds the right number and dials.'),
  (104, 11, 3, 'Phone Menu', 'Navigates the automated menu (IVR) to reach the right team.'),
  (105, 11, 4, 'Wait on Hold', 'Waits in the queue for an agent.'),
  (106, 11, 5, 'Talk to Agent', 'Explains the problem and the agent diagnoses the line.'),
  (107, 11, 6, 'Resolution', 'An engineer visit is booked and the fault is fixed.'),
  (108, 11, 7, 'Follow-up Survey', 'Is asked to rate the experience.');

INSERT INTO lane (id, map, position, title, kind) VALUES
  (211, 11, 0, 'Touchpoints', 'touchpoints'),
  (212, 11, 1, 'Actions', 'actions'),
  (213, 11, 2, 'Thoughts', 'thoughts'),
  (214, 11, 3, 'Emotions', 'emotions'),
  (215, 11, 4, 'Pain Points', 'pain-points'),
  (216, 11, 5, 'Opportunities', 'opportunities'),
  (217, 11, 6, 'Backstage', 'backstage');

-- Touchpoints
INSERT INTO card (id, lane, stage, position, kind, title, body, channel) VALUES
  (1101, 211, 101, 0, 'touchpoint', 'Service status in app', 'The account app says “No known issues in your area”.', 'mobile-app'),
  (1102, 211, 102, 0, 'touchpoint', 'Help center search', 'Searching “internet keeps dropping” returns generic router restart articles.', 'web'),
  (1103, 211, 103, 0, 'touchpoint', 'Contact us page', 'The phone number is listed below the chatbot and callback form.', 'web'),
  (1104, 211, 104, 0, 'touchpoint', 'IVR main menu', 'Six keypad options, then a prompt to “tell us in a few words why you''re calling”.', 'phone'),
  (1105, 211, 105, 0, 'touchpoint', 'Hold music and messages', 'A recording suggests fixing the problem online every 90 seconds.', 'phone'),
  (1106, 211, 106, 0, 'touchpoint', 'Technical support agent', 'A second-line agent runs a remote line test while he waits.', 'phone'),
  (1107, 211, 107, 0, 'touchpoint', 'Engineer visit confirmation', 'A text confirms a four-hour appointment window two days later.', 'sms'),
  (1108, 211, 107, 1, 'touchpoint', 'Resolution summary email', 'Explains the cabinet fault and a goodwill credit on the next bill.', 'email'),
  (1109, 211, 108, 0, 'touchpoint', 'Post-call survey text', 'Asks him to rate the agent from 1 to 10.', 'sms');

-- Actions
INSERT INTO card (id, lane, stage, position, kind, title, body) VALUES
  (1110, 212, 101, 0, 'note', 'Restarts the router', 'Power-cycles it for the third time this week.'),
  (1111, 212, 102, 0, 'note', 'Follows a help article', 'Repeats the restart steps he has already tried.'),
  (1112, 212, 103, 0, 'note', 'Looks for a phone number', 'Scrolls past chat and callback options to find a number to call.'),
  (1113, 212, 104, 0, 'note', 'Enters account number', 'Types it on the keypad, then is asked to say it again.'),
  (1114, 212, 104, 1, 'note', 'Chooses “Billing” to reach someone', 'No option matches, so he picks the one most likely to get a person.'),
  (1115, 212, 105, 0, 'note', 'Waits on speakerphone', 'Keeps doing chores for 38 minutes with the phone on the table.'),
  (1116, 212, 106, 0, 'note', 'Explains the problem again', 'Repeats everything he already told the phone menu.'),
  (1117, 212, 107, 0, 'note', 'Stays home for the engineer', 'Cancels a morning appointment to be in for the visit.'),
  (1118, 212, 108, 0, 'note', 'Gives the agent 9/10', 'Adds a comment about the wait that nobody follows up.');

-- Thoughts
INSERT INTO card (id, lane, stage, position, kind, title, body) VALUES
  (1119, 213, 101, 0, 'quote', 'Why does it always drop at night?', ''),
  (1120, 213, 104, 0, 'quote', 'None of these options fit', ''),
  (1121, 213, 105, 0, 'quote', 'Thirty minutes and I''m still “important”?', ''),
  (1122, 213, 106, 0, 'quote', 'Finally, someone who can see the line', ''),
  (1123, 213, 108, 0, 'note', 'Rating the agent, not the company', 'He wants to praise the agent and complain about the wait, but the survey only asks about the agent.');

-- Pain points
INSERT INTO card (id, lane, stage, position, kind, title, body, severity) VALUES
  (1124, 215, 102, 0, 'pain-point', 'Articles assume a restart fixes it', 'Nothing covers faults that come back every evening.', 1),
  (1125, 215, 104, 0, 'pain-point', 'No menu option fits', 'Nothing covers intermittent drops, so he is routed to billing.', 3),
  (1126, 215, 104, 1, 'pain-point', 'Speech prompt mishears him', '“Internet dropping” is recognized as “international calling”.', 2),
  (1127, 215, 104, 2, 'pain-point', 'Account number asked twice', 'Details entered in the phone menu are not passed to the agent.', 2),
  (1128, 215, 105, 0, 'pain-point', 'No wait time or position', 'He can''t tell whether to keep holding or try again later.', 3),
  (1129, 215, 105, 1, 'pain-point', 'Transfer restarts the queue', 'Billing transfers him to technical support and he waits again from the back.', 3),
  (1130, 215, 105, 2, 'pain-point', 'Callback only offered tomorrow', 'The option appears after 25 minutes, with next-day slots only.', 2),
  (1131, 215, 107, 0, 'pain-point', 'Four-hour visit window', 'He has to stay home all morning for the engineer.', 1),
  (1132, 215, 108, 0, 'pain-point', 'Survey ignores the wait', 'Questions cover the agent only, not the 38 minutes on hold.', 1);

-- Opportunities
INSERT INTO card (id, lane, stage, position, span, kind, title, body, owner, status) VALUES
  (1133, 216, 101, 0, 1, 'opportunity', 'Proactive line fault alerts', 'Detect repeated evening drops from router data and text the customer first.', 'Network Operations team', 'idea'),
  (1134, 216, 102, 0, 1, 'opportunity', 'Line test in help center', 'Run a line test from the help page before suggesting articles.', 'Digital Care team', 'planned'),
  (1135, 216, 104, 0, 1, 'opportunity', 'Intent-based routing', 'Use the spoken reason and line test results to route straight to technical support.', 'Contact Center team', 'in progress'),
  (1136, 216, 105, 0, 1, 'opportunity', 'Virtual hold with callback', 'Announce the expected wait and offer a same-day callback in the first minute.', 'Contact Center team', 'planned'),
  (1137, 216, 106, 0, 2, 'opportunity', 'One case from call to fix', 'Carry phone menu inputs, line tests and history into one case the agent and engineer both see.', 'CRM team', 'planned'),
  (1138, 216, 108, 0, 1, 'opportunity', 'Survey the whole journey', 'Ask about effort and wait as well as the agent, and close the loop on comments.', 'CX Insights team', 'idea');

-- Backstage
INSERT INTO card (id, lane, stage, position, kind, title, body) VALUES
  (1139, 217, 101, 0, 'note', 'Network monitoring', 'Evening congestion on the local cabinet is logged but not linked to customers.'),
  (1140, 217, 104, 0, 'note', 'IVR routing rules', 'The menu tree hasn''t been reviewed in three years; unknown reasons go to billing.'),
  (1141, 217, 105, 0, 'note', 'Workforce scheduling', 'Evening shifts are understaffed for call volume after 6 pm.'),
  (1142, 217, 106, 0, 'note', 'Remote line test', 'The agent triggers a line test that takes four minutes to return.'),
  (1143, 217, 108, 0, 'note', 'Survey scores to QA', 'Scores feed agent quality reviews; free-text comments are rarely read.');

-- Emotion curve
INSERT INTO emotion (id, lane, stage, card, score, label) VALUES
  (3001, 214, 101, NULL, -1, 'Annoyed'),
  (3002, 214, 102, NULL, -1, 'Confused'),
  (3003, 214, 103, NULL, 0, 'Determined'),
  (3004, 214, 104, NULL, -2, 'Frustrated'),
  (3005, 214, 105, NULL, -3, 'Exasperated'),
  (3006, 214, 106, NULL, 1, 'Reassured'),
  (3007, 214, 107, NULL, 2, 'Relieved'),
  (3008, 214, 108, NULL, 0, 'Indifferent');
