-- Push Groups: what Ferry needs to remember to retire a pushed group and to follow renames.
--
-- created: Ferry created the ShareFile group (true) or adopted one that already had the name (false).
-- When the Okta group is deleted or no longer chosen, a group Ferry created is deleted, an adopted one is
-- only emptied. Links made before this column existed default to adopted: Ferry never deletes a group
-- it cannot show it made.
--
-- chosen_by_name: the configured group name that chose the Okta group (null when only a pattern did), so
-- a group chosen by name stays chosen, and is renamed in ShareFile, when it is renamed in Okta.
alter table group_link add column created boolean not null default false;
alter table group_link add column chosen_by_name varchar(255);
