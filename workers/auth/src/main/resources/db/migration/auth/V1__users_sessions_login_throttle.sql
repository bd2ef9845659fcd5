-- The auth worker's schema. Flyway runs this with schemas("auth"), so the schema exists
-- and holds flyway_schema_history; every name is still qualified so nothing depends on
-- the search_path.

create table auth.users (
  id            uuid        primary key,
  -- Same rule as CredentialRules: the database refuses what the worker would refuse.
  username      text        not null unique check (username ~ '^[a-z0-9_]{3,20}$'),
  -- PasswordHasher's self-describing format: pbkdf2-sha256$<iterations>$<salt>$<hash>.
  password_hash text        not null,
  created_at    timestamptz not null
);

create table auth.sessions (
  -- SHA-256 of the token: the token itself is given to the client once and never stored.
  token_hash bytea       primary key check (octet_length(token_hash) = 32),
  user_id    uuid        not null references auth.users (id) on delete cascade,
  created_at timestamptz not null,
  expires_at timestamptz not null
);

create index sessions_user_id on auth.sessions (user_id);
create index sessions_expires_at on auth.sessions (expires_at);

-- Failed log-ins per username, shared by every auth replica (see LoginThrottle).
-- Keyed by the username as typed, also for unknown users, so that throttling does not
-- reveal which usernames exist.
create table auth.login_failures (
  username        text        primary key,
  failures        integer     not null check (failures > 0),
  window_start    timestamptz not null,
  last_failure_at timestamptz not null
);

-- Message ids already handled, for the messaging library's idempotency helper.
create table auth.processed_messages (
  message_id   text        primary key,
  endpoint     text        not null,
  processed_at timestamptz not null
);
