-- Undoes V8, which only cleared avatar URLs pointing at other hosts. Those URLs are not kept
-- anywhere, so they cannot come back: nothing to do (rolling back V8 only forgets it ran).
SELECT 1;
