-- Avatars are pictures uploaded to the suite (/media/<name>) from now on: a URL on another host
-- made every viewer's browser call that host. Earlier ones pointing elsewhere are dropped.
UPDATE users SET avatar_url = NULL WHERE avatar_url IS NOT NULL AND avatar_url !~ '^/media/[A-Za-z0-9][A-Za-z0-9._-]{0,200}$';
