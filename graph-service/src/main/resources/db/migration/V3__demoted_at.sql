-- When the celebrity flag was last cleared. Timelines keep pulling an author for 7 days after a
-- demotion: those followers' cached timelines never received the author's celebrity-era tweets.
ALTER TABLE users ADD COLUMN demoted_at TIMESTAMPTZ;
