-- SPDX-License-Identifier: GPL-3.0-or-later
-- SaaS onboarding template: a team lead signing up for a workflow tool, reaching first value and renewing.

INSERT INTO persona (id, position, name, role, quote, goals, frustrations, photo) VALUES
  (1, 0, 'Marcus Okafor', 'Operations lead at a 40-person logistics company; evaluating tools on his own time',
   'If I can''t show my team something useful by Friday, we''re going back to the spreadsheet.',
   'Replace the shared shipment tracker within a month
Get the team using it without formal training
Connect it to Slack and Google Drive
Justify the annual cost to finance',
   'Trials that expire before real data is in
Setup wizards that ask for decisions he can''t make yet
Having to book a sales call just to see a price
Paying for seats nobody uses',
   NULL);

INSERT INTO map (id, position, title, persona, scenario) VALUES
  (11, 0, 'Onboarding to a SaaS Product', 1,
   'Marcus starts a 14-day trial of a workflow tool to replace the spreadsheet his team uses to track delayed shipments.');

INSERT INTO stage (id, map, position, title, description) VALUES
  (101, 11, 0, 'Sign-up', 'Compares plans and creates a trial account.'),
  (102, 11, 1, 'First Login', 'Verifies his email and sees the product for the first time.'),
  (103, 11, 2, 'Setup', 'Imports data and connects the tools his team already uses.'),
  (104, 11, 3, 'First Value', 'Gets a real result from the product for the first time.'),
  (105, 11, 4, 'Team Invite', 'Brings colleagues into the workspace.'),
  (106, 11, 5, 'Upgrade', 'Decides to move from the trial to a paid plan.'),
  (107, 11, 6, 'Renewal', 'Reviews value and usage ahead of the annual renewal.');

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
  (1101, 211, 101, 0, 'touchpoint', 'Pricing page', 'Three plans side by side; the Business plan says “Contact sales”.', 'web'),
  (1102, 211, 101, 1, 'touchpoint', 'Sign-up form', 'Work email, password, company size and role on one screen.', 'web'),
  (1103, 211, 102, 0, 'touchpoint', 'Verification email', 'Must be confirmed before the first login can continue.', 'email'),
  (1104, 211, 102, 1, 'touchpoint', 'Welcome product tour', 'A five-step overlay on an empty workspace.', 'web'),
  (1105, 211, 103, 0, 'touchpoint', 'Setup checklist', 'Sidebar checklist: import data, connect apps, build a first workflow.', 'web'),
  (1106, 211, 103, 1, 'touchpoint', 'CSV import wizard', 'Maps spreadsheet columns to fields, with a preview of ten rows.', 'web'),
  (1107, 211, 104, 0, 'touchpoint', 'Workflow run notification', 'Confirms the first automated delay report was posted to Slack.', 'web'),
  (1108, 211, 105, 0, 'touchpoint', 'Invite dialog', 'Invite by email, or share a join link limited to the company domain.', 'web'),
  (1109, 211, 106, 0, 'touchpoint', 'Trial ending banner', 'An in-app countdown that starts on day 10 of the trial.', 'web'),
  (1110, 211, 106, 1, 'touchpoint', 'Sales call', 'A 30-minute call with an account executive about the Business plan.', 'video'),
  (1111, 211, 107, 0, 'touchpoint', 'Renewal reminder email', 'Sent 30 days before renewal, with a usage summary and the new price.', 'email');

-- Actions
INSERT INTO card (id, lane, stage, position, kind, title, body) VALUES
  (1112, 212, 101, 0, 'note', 'Signs up with work email', 'Picks “51–200 employees” by mistake and gets routed to sales.'),
  (1113, 212, 102, 0, 'note', 'Skips the product tour', 'Closes the tour after step two to look around on his own.'),
  (1114, 212, 103, 0, 'note', 'Imports the tracker spreadsheet', 'Uploads a 1,200-row CSV of open shipments.'),
  (1115, 212, 103, 1, 'note', 'Connects Slack', 'Authorizes the Slack app for the #ops-delays channel.'),
  (1116, 212, 104, 0, 'note', 'Automates the delay report', 'Replaces the daily report that used to take him an hour.'),
  (1117, 212, 105, 0, 'note', 'Invites six teammates', 'Starts with the supervisors who update the tracker most.'),
  (1118, 212, 106, 0, 'note', 'Builds a business case', 'Exports usage stats and hours saved to show finance.'),
  (1119, 212, 107, 0, 'note', 'Reviews seat usage', 'Checks which licenses have gone unused before agreeing to renew.');

-- Thoughts
INSERT INTO card (id, lane, stage, position, kind, title, body) VALUES
  (1120, 213, 101, 0, 'quote', 'Can I try it without a sales call?', ''),
  (1121, 213, 103, 0, 'quote', 'What should a workspace even be?', ''),
  (1122, 213, 104, 0, 'quote', 'This is what I was hoping for', ''),
  (1123, 213, 105, 0, 'note', 'Worries the team won''t switch', 'Two supervisors still prefer the spreadsheet they built.'),
  (1124, 213, 106, 0, 'quote', 'Is it per seat or per workspace?', '');

-- Pain points
INSERT INTO card (id, lane, stage, position, kind, title, body, severity) VALUES
  (1125, 215, 102, 0, 'pain-point', 'Verification email delayed', 'It takes several minutes and is quarantined by some company mail filters.', 1),
  (1126, 215, 103, 0, 'pain-point', 'Import rejects date formats', 'Day-first dates fail with a generic “Invalid file” error and no row number.', 3),
  (1127, 215, 103, 1, 'pain-point', 'Too many early decisions', 'Permissions and workspace structure are asked for before he has seen anything work.', 2),
  (1128, 215, 105, 0, 'pain-point', 'Invites land in spam', 'Two of six teammates never receive the invite from the no-reply address.', 2),
  (1129, 215, 106, 0, 'pain-point', 'Pricing hidden behind sales', 'He has to book a call to get a quote for more than ten seats.', 2),
  (1130, 215, 107, 0, 'pain-point', 'Paying for inactive seats', 'Four of 25 seats are unused, with no easy way to reassign them.', 2);

-- Opportunities
INSERT INTO card (id, lane, stage, position, span, kind, title, body, owner, status) VALUES
  (1131, 216, 101, 0, 1, 'opportunity', 'Self-serve Business trial', 'Let teams of up to 50 start a Business trial without talking to sales.', 'Growth team', 'planned'),
  (1132, 216, 103, 0, 2, 'opportunity', 'Template-first setup', 'Start from an industry template with sample data, so value comes before configuration.', 'Onboarding team', 'in progress'),
  (1133, 216, 105, 0, 1, 'opportunity', 'Personal invite messages', 'Send invites in the inviter''s name, with a note on why the team is switching.', 'Growth team', 'idea'),
  (1134, 216, 106, 0, 1, 'opportunity', 'Transparent seat pricing', 'Publish per-seat prices for every plan, with a calculator.', 'Monetization team', 'idea'),
  (1135, 216, 107, 0, 1, 'opportunity', 'Seat usage dashboard', 'Admins see inactive seats and can reassign them in one click.', 'Customer Success team', 'done');

-- Backstage
INSERT INTO card (id, lane, stage, position, span, kind, title, body) VALUES
  (1136, 217, 101, 0, 1, 'note', 'Lead scoring', 'Company size and role decide whether the account is self-serve or sales-assisted.'),
  (1137, 217, 102, 0, 1, 'note', 'Workspace provisioning', 'The tenant is created and a sample project is seeded in the background.'),
  (1138, 217, 103, 0, 1, 'note', 'Import job queue', 'Large files are processed asynchronously; row errors are logged but not shown.'),
  (1139, 217, 104, 0, 1, 'note', 'Activation event tracked', 'The first workflow run marks the account as activated in product analytics.'),
  (1140, 217, 105, 0, 1, 'note', 'Shared sending domain', 'Invite emails go out through a shared domain with poor sender reputation.'),
  (1141, 217, 106, 0, 2, 'note', 'Account health score', 'Falling usage triggers outreach from a customer success manager.');

-- Emotion curve
INSERT INTO emotion (id, lane, stage, card, score, label) VALUES
  (3001, 214, 101, NULL, 1, 'Optimistic'),
  (3002, 214, 102, NULL, 0, 'Disoriented'),
  (3003, 214, 103, NULL, -2, 'Overwhelmed'),
  (3004, 214, 104, NULL, 2, 'Encouraged'),
  (3005, 214, 105, NULL, -1, 'Hesitant'),
  (3006, 214, 106, NULL, -1, 'Wary'),
  (3007, 214, 107, NULL, 1, 'Confident');
