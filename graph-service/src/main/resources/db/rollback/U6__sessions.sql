-- Undoes V6. The durable session record goes: sessions then live in Valkey only (the gateway still
-- reads them there), and a sign-out during a Valkey outage is no longer remembered.
DROP TABLE session_evictions;
DROP TABLE sessions;
