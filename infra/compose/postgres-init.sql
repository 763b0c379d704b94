-- Runs once when the compose PostgreSQL volume is created: the application role Ferry connects as.
-- The owner (POSTGRES_USER, "ferry") runs the migrations; row-level security applies to ferry_app.
create role ferry_app login password 'ferry-app-demo' nosuperuser nobypassrls;
