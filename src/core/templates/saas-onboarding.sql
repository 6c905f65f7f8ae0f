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
  (1, 0, 'Onboarding to a SaaS Product', 1,
   'Marcus starts a 14-day trial of a workflow tool to replace the spreadsheet his team uses to track delayed shipments.');

INSERT INTO stage (id, map, position, title, description) VALUES
  (1, 1, 0, 'Sign-up', 'Compares plans and creates a trial account.'),
  (2, 1, 1, 'First Login', 'Verifies his email and sees the product for the first time.'),
  (3, 1, 2, 'Setup', 'Imports data and connects the tools his team already uses.'),
  (4, 1, 3, 'First Value', 'Gets a real result from the product for the first time.'),
  (5, 1, 4, 'Team Invite', 'Brings colleagues into the workspace.'),
  (6, 1, 5, 'Upgrade', 'Decides to move from the trial to a paid plan.'),
  (7, 1, 6, 'Renewal', 'Reviews value and usage ahead of the annual renewal.');

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
  (101, 11, 1, 0, 'touchpoint', 'Pricing page', 'Three plans side by side; the Business plan says “Contact sales”.', 'web'),
  (102, 11, 1, 1, 'touchpoint', 'Sign-up form', 'Work email, password, company size and role on one screen.', 'web'),
  (103, 11, 2, 0, 'touchpoint', 'Verification email', 'Must be confirmed before the first login can continue.', 'email'),
  (104, 11, 2, 1, 'touchpoint', 'Welcome product tour', 'A five-step overlay on an empty workspace.', 'web'),
  (105, 11, 3, 0, 'touchpoint', 'Setup checklist', 'Sidebar checklist: import data, connect apps, build a first workflow.', 'web'),
  (106, 11, 3, 1, 'touchpoint', 'CSV import wizard', 'Maps spreadsheet columns to fields, with a preview of ten rows.', 'web'),
  (107, 11, 4, 0, 'touchpoint', 'Workflow run notification', 'Confirms the first automated delay report was posted to Slack.', 'web'),
  (108, 11, 5, 0, 'touchpoint', 'Invite dialog', 'Invite by email, or share a join link limited to the company domain.', 'web'),
  (109, 11, 6, 0, 'touchpoint', 'Trial ending banner', 'An in-app countdown that starts on day 10 of the trial.', 'web'),
  (110, 11, 6, 1, 'touchpoint', 'Sales call', 'A 30-minute call with an account executive about the Business plan.', 'video'),
  (111, 11, 7, 0, 'touchpoint', 'Renewal reminder email', 'Sent 30 days before renewal, with a usage summary and the new price.', 'email');

-- Actions
INSERT INTO card (id, lane, stage, position, kind, title, body) VALUES
  (112, 12, 1, 0, 'note', 'Signs up with work email', 'Picks “51–200 employees” by mistake and gets routed to sales.'),
  (113, 12, 2, 0, 'note', 'Skips the product tour', 'Closes the tour after step two to look around on his own.'),
  (114, 12, 3, 0, 'note', 'Imports the tracker spreadsheet', 'Uploads a 1,200-row CSV of open shipments.'),
  (115, 12, 3, 1, 'note', 'Connects Slack', 'Authorizes the Slack app for the #ops-delays channel.'),
  (116, 12, 4, 0, 'note', 'Automates the delay report', 'Replaces the daily report that used to take him an hour.'),
  (117, 12, 5, 0, 'note', 'Invites six teammates', 'Starts with the supervisors who update the tracker most.'),
  (118, 12, 6, 0, 'note', 'Builds a business case', 'Exports usage stats and hours saved to show finance.'),
  (119, 12, 7, 0, 'note', 'Reviews seat usage', 'Checks which licenses have gone unused before agreeing to renew.');

-- Thoughts
INSERT INTO card (id, lane, stage, position, kind, title, body) VALUES
  (120, 13, 1, 0, 'quote', 'Can I try it without a sales call?', ''),
  (121, 13, 3, 0, 'quote', 'What should a workspace even be?', ''),
  (122, 13, 4, 0, 'quote', 'This is what I was hoping for', ''),
  (123, 13, 5, 0, 'note', 'Worries the team won''t switch', 'Two supervisors still prefer the spreadsheet they built.'),
  (124, 13, 6, 0, 'quote', 'Is it per seat or per workspace?', '');

-- Pain points
INSERT INTO card (id, lane, stage, position, kind, title, body, severity) VALUES
  (125, 15, 2, 0, 'pain-point', 'Verification email delayed', 'It takes several minutes and is quarantined by some company mail filters.', 1),
  (126, 15, 3, 0, 'pain-point', 'Import rejects date formats', 'Day-first dates fail with a generic “Invalid file” error and no row number.', 3),
  (127, 15, 3, 1, 'pain-point', 'Too many early decisions', 'Permissions and workspace structure are asked for before he has seen anything work.', 2),
  (128, 15, 5, 0, 'pain-point', 'Invites land in spam', 'Two of six teammates never receive the invite from the no-reply address.', 2),
  (129, 15, 6, 0, 'pain-point', 'Pricing hidden behind sales', 'He has to book a call to get a quote for more than ten seats.', 2),
  (130, 15, 7, 0, 'pain-point', 'Paying for inactive seats', 'Four of 25 seats are unused, with no easy way to reassign them.', 2);

-- Opportunities
INSERT INTO card (id, lane, stage, position, span, kind, title, body, owner, status) VALUES
  (131, 16, 1, 0, 1, 'opportunity', 'Self-serve Business trial', 'Let teams of up to 50 start a Business trial without talking to sales.', 'Growth team', 'planned'),
  (132, 16, 3, 0, 2, 'opportunity', 'Template-first setup', 'Start from an industry template with sample data, so value comes before configuration.', 'Onboarding team', 'in progress'),
  (133, 16, 5, 0, 1, 'opportunity', 'Personal invite messages', 'Send invites in the inviter''s name, with a note on why the team is switching.', 'Growth team', 'idea'),
  (134, 16, 6, 0, 1, 'opportunity', 'Transparent seat pricing', 'Publish per-seat prices for every plan, with a calculator.', 'Monetization team', 'idea'),
  (135, 16, 7, 0, 1, 'opportunity', 'Seat usage dashboard', 'Admins see inactive seats and can reassign them in one click.', 'Customer Success team', 'done');

-- Backstage
INSERT INTO card (id, lane, stage, position, span, kind, title, body) VALUES
  (136, 17, 1, 0, 1, 'note', 'Lead scoring', 'Company size and role decide whether the account is self-serve or sales-assisted.'),
  (137, 17, 2, 0, 1, 'note', 'Workspace provisioning', 'The tenant is created and a sample project is seeded in the background.'),
  (138, 17, 3, 0, 1, 'note', 'Import job queue', 'Large files are processed asynchronously; row errors are logged but not shown.'),
  (139, 17, 4, 0, 1, 'note', 'Activation event tracked', 'The first workflow run marks the account as activated in product analytics.'),
  (140, 17, 5, 0, 1, 'note', 'Shared sending domain', 'Invite emails go out through a shared domain with poor sender reputation.'),
  (141, 17, 6, 0, 2, 'note', 'Account health score', 'Falling usage triggers outreach from a customer success manager.');

-- Emotion curve
INSERT INTO emotion (id, lane, stage, card, score, label) VALUES
  (1, 14, 1, NULL, 1, 'Optimistic'),
  (2, 14, 2, NULL, 0, 'Disoriented'),
  (3, 14, 3, NULL, -2, 'Overwhelmed'),
  (4, 14, 4, NULL, 2, 'Encouraged'),
  (5, 14, 5, NULL, -1, 'Hesitant'),
  (6, 14, 6, NULL, -1, 'Wary'),
  (7, 14, 7, NULL, 1, 'Confident');
